/**
 * Relays the page-world response-cache client to the background and back. Every page message is
 * checked exactly before it is forwarded (the page world is untrusted), every background reply
 * before it reaches the page; a failing or slow background means "go to the network". Fresh hits
 * the background allows are held in the hot tier and answered again from here.
 */
import { RC_BACKGROUND, RC_CONTENT_EVENT, RC_CONTENT_SOURCE, RC_HOT_ANSWER_EVENT, RC_HOT_PROBE_EVENT, RC_PAGE_EVENT, RC_MAX_BODY_CHARS, RC_PROTOCOL, parseRcBackgroundLookupReply, parseRcBackgroundStoreReply, parseRcPageMessage, parseRcWarmReply, type RcLookupReply, type RcPrefetch, type RcRelayContext, type RcStore } from '../shared/response-cache-protocol';
import type { PageRules } from '../shared/response-cache-page-rules';
import { waitAtMost } from '../shared/wait-at-most';
import { cookieDigest, HotTier, hotKey } from './response-cache-hot-tier';

/** How the relay reaches the background (runtime.sendMessage in the product, a fake in tests). */
export type SendToBackground = (message: { type: string; payload: unknown; context?: RcRelayContext }) => Promise<unknown>;

/** How the relay hears the background's "drop the hot tier" (runtime.onMessage in the product); returns a remover. */
export type ListenForDrops = (onDrop: () => void) => () => void;

/** One id per document (this module runs once per document): a new page load is a new id. */
const DOCUMENT_ID = Math.random().toString(36).slice(2, 12) + Date.now().toString(36);

/** Starts relaying until signal aborts; tells the page-world client it is on, and off at the end. */
export function startResponseCacheRelay(win: Window, send: SendToBackground, config: PageRules, signal: AbortSignal, listenForDrops?: ListenForDrops): void {
  const target = win.location.origin === 'null' ? '*' : win.location.origin;
  const toPage = (message: object) => win.dispatchEvent(new CustomEvent(RC_CONTENT_EVENT, { detail: JSON.stringify({ source: RC_CONTENT_SOURCE, v: RC_PROTOCOL, ...message }) }));
  const configure = (message: object) => win.postMessage({ source: RC_CONTENT_SOURCE, v: RC_PROTOCOL, ...message }, target);
  const hot = new HotTier();
  /** The lookups the background answered "store": what their store, once accepted, is held as. */
  const storeTokens = new Map<string, { key: string; cookie: string; generation: number }>();
  /** Stores on their way to the background, by hot key: a lookup of the same request waits for them. */
  const storesInFlight = new Map<string, Promise<void>>();
  /** The warm start, until it is answered. */
  let warming: Promise<void> | null = null;
  const readCookie = (): string | null => {
    try {
      return win.document.cookie;
    } catch {
      return null; // sandboxed or opaque documents: nothing is held
    }
  };
  const context = (cookie: string | null): RcRelayContext => ({ doc: DOCUMENT_ID, cookie: cookie === null ? 'unreadable' : cookieDigest(cookie), sentAt: performance.timeOrigin + performance.now() });
  const removeDropListener = listenForDrops?.(() => hot.dropAll());
  /** What the hot tier holds for this request under this document.cookie (nothing when it is unreadable). */
  const heldFor = (key: string, cookie: string | null) => (cookie === null ? null : hot.get(key, cookie));
  const reportHotHit = (payload: object, cookie: string | null) =>
    // The background still counts the hit and learns the sequence; it may answer with prefetches.
    send({ type: RC_BACKGROUND.hotHit, payload, context: context(cookie) })
      .then((raw) => parseRcBackgroundLookupReply(raw))
      .then((reply) => {
        if (reply && reply.prefetch.length > 0 && !signal.aborted) {
          rememberPrefetches(reply.prefetch);
          toPage({ type: 'rc-prefetch', prefetch: reply.prefetch });
        }
      })
      .catch(() => {});
  // The page client's synchronous probe of the hot tier: answered (or not) before its dispatchEvent returns.
  win.addEventListener(
    RC_HOT_PROBE_EVENT,
    (event: Event) => {
      try {
        const detail = (event as CustomEvent).detail;
        if (typeof detail !== 'string' || detail.length > RC_MAX_BODY_CHARS) return;
        const message = parseRcPageMessage(JSON.parse(detail));
        if (message?.type !== 'rc-lookup') return;
        const cookie = readCookie();
        const held = heldFor(hotKey(message), cookie);
        if (!held) return;
        win.dispatchEvent(new CustomEvent(RC_HOT_ANSWER_EVENT, { detail: JSON.stringify(held) }));
        const { type, ...rest } = message;
        void reportHotHit({ type, ...rest }, cookie);
      } catch {
        /* not answered: the page asks the usual way */
      }
    },
    { signal },
  );
  win.addEventListener(
    RC_PAGE_EVENT,
    (event: Event) => {
      const detail = (event as CustomEvent).detail;
      if (typeof detail !== 'string' || detail.length > RC_MAX_BODY_CHARS * 2) return;
      let data: unknown;
      try {
        data = JSON.parse(detail);
      } catch {
        return;
      }
      const message = parseRcPageMessage(data);
      if (!message) return;
      const { type, ...rest } = message;
      const payload = { type, ...rest };
      if (message.type === 'rc-lookup') {
        const cookie = readCookie();
        const key = hotKey(message);
        const answerHeld = (held: RcLookupReply, cookie: string | null) => {
          toPage({ type: 'rc-reply', id: message.id, reply: held, prefetch: [] });
          void reportHotHit(payload, cookie);
        };
        const held = heldFor(key, cookie);
        if (held) return answerHeld(held, cookie);
        const lookUp = () => {
          const generation = hot.generation;
          send({ type: RC_BACKGROUND.lookup, payload, context: context(cookie) })
            .then((raw) => parseRcBackgroundLookupReply(raw))
            .catch(() => null)
            .then((reply) => {
              if (reply?.hotMs && reply.reply.kind === 'hit' && cookie !== null && !signal.aborted) hot.put(key, reply.reply, cookie, reply.hotMs, generation);
              if (reply?.reply.kind === 'store' && cookie !== null) rememberStoreToken(reply.reply.token, { key, cookie, generation });
              if (reply?.prefetch.length) rememberPrefetches(reply.prefetch);
              toPage({ type: 'rc-reply', id: message.id, reply: reply?.reply ?? { kind: 'network' }, prefetch: reply?.prefetch ?? [] });
            });
        };
        const storing = storesInFlight.get(key) ?? warming;
        if (!storing) return lookUp();
        // The page asks again for what it is storing, or before the warm start is answered: once it is, the hot tier may hold it.
        void waitAtMost(storing, config.lookupTimeoutMs / 2).then(() => {
          const now = readCookie();
          const stored = heldFor(key, now);
          if (stored) answerHeld(stored, now);
          else lookUp();
        });
      } else if (message.type === 'rc-mutation') {
        // A write or a logout of this page: nothing held may answer a read after it.
        hot.dropAll();
        if (message.id !== null) {
          // The page waits for the invalidation before it sees the response: answer when it is done.
          const id = message.id;
          send({ type: RC_BACKGROUND.mutation, payload })
            .catch(() => null)
            .then(() => toPage({ type: 'rc-reply', id, reply: { kind: 'network' }, prefetch: [] }));
        } else {
          void send({ type: RC_BACKGROUND.mutation, payload }).catch(() => {});
        }
      } else {
        const held = storeTokens.get(message.token);
        storeTokens.delete(message.token);
        const sent = send({ type: RC_BACKGROUND.store, payload })
          .then((raw) => {
            const answer = parseRcBackgroundStoreReply(raw);
            // Held only if nothing was dropped since the lookup and the page's cookies are the same.
            if (held && answer?.stored && answer.hotMs > 0 && !signal.aborted && readCookie() === held.cookie) hot.put(held.key, storedHit(message), held.cookie, answer.hotMs, held.generation);
          })
          .catch(() => {});
        if (held) {
          storesInFlight.set(held.key, sent);
          void sent.then(() => {
            if (storesInFlight.get(held.key) === sent) storesInFlight.delete(held.key);
          });
        }
      }
    },
    { signal },
  );
  /**
   * A prefetch is stored under the request the page client makes for it (GET, Accept: JSON): held
   * once stored, it answers the page's own request when the page asks the same way.
   */
  function rememberPrefetches(prefetch: readonly RcPrefetch[]): void {
    const cookie = readCookie();
    if (cookie === null) return;
    for (const item of prefetch) rememberStoreToken(item.token, { key: hotKey({ method: 'GET', url: item.url, headers: { accept: 'application/json' }, body: null }), cookie, generation: hot.generation });
  }
  function rememberStoreToken(token: string, held: { key: string; cookie: string; generation: number }): void {
    if (storeTokens.size >= MAX_STORE_TOKENS) storeTokens.delete(storeTokens.keys().next().value!);
    storeTokens.set(token, held);
  }
  // Warm start: the fresh answers to what this page asked before, held before the page asks again
  // (a lookup made meanwhile waits for them, at most half the lookup timeout).
  const startCookie = readCookie();
  if (startCookie !== null) {
    const generation = hot.generation;
    warming = send({ type: RC_BACKGROUND.warm, payload: { type: 'rc-warm' }, context: context(startCookie) })
      .then((raw) => {
        if (signal.aborted || readCookie() !== startCookie) return;
        for (const entry of parseRcWarmReply(raw)) hot.put(hotKey(entry.request), entry.hit, startCookie, entry.hotMs, generation);
      })
      .catch(() => {})
      .finally(() => {
        warming = null;
      });
  }
  configure({ type: 'rc-config', enabled: true, rules: config.rules, logoutPattern: config.logoutPattern, lookupTimeoutMs: config.lookupTimeoutMs });
  signal.addEventListener(
    'abort',
    () => {
      hot.dropAll();
      removeDropListener?.();
      configure({ type: 'rc-config', enabled: false, rules: [], logoutPattern: '', lookupTimeoutMs: 0 });
    },
    { once: true },
  );
}

/** Store tokens remembered at most (the background's tokens expire after a minute anyway). */
const MAX_STORE_TOKENS = 500;

/** The hit the background would answer for a response it just stored. */
function storedHit(store: RcStore): Extract<RcLookupReply, { kind: 'hit' }> {
  return { kind: 'hit', status: store.status, statusText: store.statusText, headers: store.headers, body: store.body, url: store.url, stale: false, revalidateToken: null };
}
