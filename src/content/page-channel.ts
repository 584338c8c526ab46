/**
 * The content script's end of a private channel handover (see PAGE_CHANNEL_EVENT in
 * src/shared/page-protocol.ts): offers the far end of a new MessageChannel under channelEvent
 * (cancelable: the page-world script cancels it when it takes the port) now, and again when
 * the page-world script announces itself with readyEvent, until it is taken. Returns the near end.
 */
export function offerChannel(channelEvent: string, readyEvent: string, signal: AbortSignal): MessagePort {
  const channel = new MessageChannel();
  let taken = false;
  const offer = () => {
    if (taken) return;
    taken = !dispatchEvent(new MessageEvent(channelEvent, { cancelable: true, ports: [channel.port2] }));
    if (taken) removeEventListener(readyEvent, offer);
  };
  addEventListener(readyEvent, offer, { signal });
  offer();
  signal.addEventListener('abort', () => channel.port1.close(), { once: true });
  return channel.port1;
}
