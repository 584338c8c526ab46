import { claimsPageSource, parsePageRequestHint, type PageRequestHint } from '../shared/page-protocol';

/** Listens to the page-world script; every message is validated, invalid ones are counted. */
export class PageBridge {
  private rejected = 0;

  constructor(onHint: (hint: PageRequestHint) => void, signal: AbortSignal) {
    addEventListener(
      'message',
      (event: MessageEvent) => {
        if (event.source !== window || !claimsPageSource(event.data)) return;
        const hint = parsePageRequestHint(event.data);
        if (hint) onHint(hint);
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
