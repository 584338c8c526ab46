import { PAGE_CHANNEL_EVENT, PAGE_READY_EVENT, parsePageRequestHint, parsePageRequestHints, type PageRequestHint } from '../shared/page-protocol';
import { offerChannel } from './page-channel';

/**
 * The capture content script's end of the private channel to the page-world script (see
 * PAGE_CHANNEL_EVENT): the port is taken by the page-world script before any page script can
 * run, and window messages are never listened to, so a page script cannot send hints. Every
 * message on the channel is validated all the same (a batch per task, or a single hint);
 * invalid ones are counted.
 */
export class PageBridge {
  private rejected = 0;

  constructor(onHint: (hint: PageRequestHint) => void, signal: AbortSignal) {
    const port = offerChannel(PAGE_CHANNEL_EVENT, PAGE_READY_EVENT, signal);
    port.addEventListener('message', (event: MessageEvent) => {
      const batch = parsePageRequestHints(event.data);
      if (batch) {
        batch.hints.forEach(onHint);
        this.rejected += batch.invalid;
        return;
      }
      const hint = parsePageRequestHint(event.data);
      if (hint) onHint(hint);
      else this.rejected++;
    });
    port.start();
  }

  takeRejected(): number {
    const n = this.rejected;
    this.rejected = 0;
    return n;
  }
}
