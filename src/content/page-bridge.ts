import { isLazyImagesCommand, PAGE_CHANNEL_EVENT, PAGE_READY_EVENT, parsePageRequestHint, type LazyImagesCommand, type PageRequestHint } from '../shared/page-protocol';

/**
 * The content script's end of the private channel to the page-world script. The channel's port
 * is offered at document_start (see PAGE_CHANNEL_EVENT) to the page-world script, which takes it
 * before any page script can run; window messages are never listened to, so a page script can
 * neither send hints nor switch the page-world hooks. Every message on the channel is validated
 * all the same; invalid ones are counted.
 */
export class PageBridge {
  private rejected = 0;
  private readonly channel = new MessageChannel();
  private taken = false;

  constructor(onHint: (hint: PageRequestHint) => void, signal: AbortSignal) {
    const port = this.channel.port1;
    port.addEventListener('message', (event: MessageEvent) => {
      const hint = parsePageRequestHint(event.data);
      if (hint) onHint(hint);
      else this.rejected++;
    });
    port.start();
    signal.addEventListener('abort', () => port.close(), { once: true });
    const onReady = () => this.offer();
    addEventListener(PAGE_READY_EVENT, onReady, { signal });
    this.offer();
    if (this.taken) removeEventListener(PAGE_READY_EVENT, onReady);
  }

  /** Offers the port once; the page-world script cancels the event when it takes it. */
  private offer(): void {
    if (this.taken) return;
    const event = new MessageEvent(PAGE_CHANNEL_EVENT, { cancelable: true, ports: [this.channel.port2] });
    this.taken = !dispatchEvent(event);
  }

  /** Tells the page-world script to switch its half of "Lazy-load offscreen images". */
  send(command: LazyImagesCommand): void {
    if (isLazyImagesCommand(command)) this.channel.port1.postMessage(command);
  }

  takeRejected(): number {
    const n = this.rejected;
    this.rejected = 0;
    return n;
  }
}
