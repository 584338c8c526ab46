/**
 * Relays the page-world response-cache client to the background and back. Every page message is
 * checked exactly before it is forwarded (the page world is untrusted), every background reply
 * before it reaches the page; a failing or slow background means "go to the network".
 */
import { RC_BACKGROUND, RC_CONTENT_SOURCE, RC_PROTOCOL, parseRcBackgroundLookupReply, parseRcPageMessage, type RcPageRule } from '../shared/response-cache-protocol';

/** How the relay reaches the background (runtime.sendMessage in the product, a fake in tests). */
export type SendToBackground = (message: { type: string; payload: unknown; context?: object }) => Promise<unknown>;

/** Starts relaying until signal aborts; tells the page-world client it is on, and off at the end. */
export function startResponseCacheRelay(win: Window, send: SendToBackground, config: { rules: RcPageRule[]; logoutPattern: string }, signal: AbortSignal): void {
  const target = win.location.origin === 'null' ? '*' : win.location.origin;
  const toPage = (message: object) => win.postMessage({ source: RC_CONTENT_SOURCE, v: RC_PROTOCOL, ...message }, target);
  win.addEventListener(
    'message',
    (event: MessageEvent) => {
      if (event.source !== win) return;
      const message = parseRcPageMessage(event.data);
      if (!message) return;
      const { type, ...rest } = message;
      if (message.type === 'rc-lookup') {
        send({ type: RC_BACKGROUND.lookup, payload: { type, ...rest }, context: { sentAt: performance.timeOrigin + performance.now() } })
          .then((raw) => parseRcBackgroundLookupReply(raw))
          .catch(() => null)
          .then((reply) => toPage({ type: 'rc-reply', id: message.id, reply: reply?.reply ?? { kind: 'network' }, prefetch: reply?.prefetch ?? [] }));
      } else if (message.type === 'rc-mutation' && message.id !== null) {
        // The page waits for the invalidation before it sees the response: answer when it is done.
        const id = message.id;
        send({ type: RC_BACKGROUND.mutation, payload: { type, ...rest } })
          .catch(() => null)
          .then(() => toPage({ type: 'rc-reply', id, reply: { kind: 'network' }, prefetch: [] }));
      } else {
        void send({ type: message.type === 'rc-store' ? RC_BACKGROUND.store : RC_BACKGROUND.mutation, payload: { type, ...rest } }).catch(() => {});
      }
    },
    { signal },
  );
  toPage({ type: 'rc-config', enabled: true, rules: config.rules, logoutPattern: config.logoutPattern });
  signal.addEventListener('abort', () => toPage({ type: 'rc-config', enabled: false, rules: [], logoutPattern: '' }), { once: true });
}
