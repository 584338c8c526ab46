/**
 * The page-world end of a private channel handover (see PAGE_CHANNEL_EVENT in
 * src/shared/page-protocol.ts): takes the first port the content script offers under
 * channelEvent and ignores any later offer. Both scripts run at document_start, before any page
 * script; whichever runs second starts the handover (this side by dispatching readyEvent).
 */
export function takeChannel(channelEvent: string, readyEvent: string, onPort: (port: MessagePort) => void): void {
  let taken = false;
  const take = (event: Event) => {
    const port = (event as MessageEvent).ports?.[0];
    if (taken || !port) return;
    taken = true;
    event.preventDefault();
    window.removeEventListener(channelEvent, take);
    onPort(port);
  };
  window.addEventListener(channelEvent, take);
  window.dispatchEvent(new Event(readyEvent, { cancelable: true }));
}
