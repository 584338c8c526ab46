import * as v from 'valibot';
import { claimsPageSource, PageRequestHintSchema, type PageRequestHint } from '../shared/page-protocol';

/** Listens to the page-world script; every message is validated, invalid ones are counted. */
export class PageBridge {
  private rejected = 0;

  constructor(onHint: (hint: PageRequestHint) => void, signal: AbortSignal) {
    addEventListener(
      'message',
      (event: MessageEvent) => {
        if (event.source !== window || !claimsPageSource(event.data)) return;
        const result = v.safeParse(PageRequestHintSchema, event.data);
        if (result.success) onHint(result.output);
        else this.rejected++;
      },
      { signal },
    );
  }

  takeRejected(): number {
    const n = this.rejected;
    this.rejected = 0;
    return n;
  }
}
