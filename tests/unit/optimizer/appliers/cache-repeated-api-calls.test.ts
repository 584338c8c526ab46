// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCacheRepeatedApiCallsApplier } from '../../../../src/content/appliers/cache-repeated-api-calls';
import { RC_CONTENT_EVENT, RC_CONTENT_SOURCE, RC_PAGE_EVENT, RC_PAGE_SOURCE, RC_PROTOCOL } from '../../../../src/shared/response-cache-protocol';
import { abortAllContexts, contextFor, flush } from './dom-fixtures';

/** What the relay told the page: the configuration by postMessage, replies and prefetches by event. */
function collectContentMessages(): { messages: Record<string, unknown>[]; stop: () => void } {
  const messages: Record<string, unknown>[] = [];
  const listener = (event: MessageEvent) => {
    if ((event.data as { source?: string })?.source === RC_CONTENT_SOURCE) messages.push(event.data);
  };
  const onEvent = (event: Event) => messages.push(JSON.parse((event as CustomEvent).detail as string));
  window.addEventListener('message', listener);
  window.addEventListener(RC_CONTENT_EVENT, onEvent);
  return {
    messages,
    stop: () => {
      window.removeEventListener('message', listener);
      window.removeEventListener(RC_CONTENT_EVENT, onEvent);
    },
  };
}

/** A message of the page client, as it sends them (a DOM event with the message as JSON). */
function postFromPage(data: object): void {
  window.dispatchEvent(new CustomEvent(RC_PAGE_EVENT, { detail: JSON.stringify({ source: RC_PAGE_SOURCE, v: RC_PROTOCOL, ...data }) }));
}

describe('cache-repeated-api-calls applier', () => {
  afterEach(abortAllContexts);

  it('tells the page client its rule patterns, relays checked lookups and replies, and switches the client off on revert', async () => {
    const sent: { type: string; payload: unknown }[] = [];
    const applier = createCacheRepeatedApiCallsApplier(async (message) => {
      if (message.type === 'response-cache/warm') return { entries: [] };
      sent.push(message);
      return { reply: { kind: 'store', token: 'a'.repeat(32) }, prefetch: [] };
    }, async () => undefined);
    const { messages, stop } = collectContentMessages();
    const revert = applier.apply(contextFor<'cache-repeated-api-calls'>({ repeatedEndpoints: [] }).ctx);
    await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0));
    expect(messages[0]).toMatchObject({ type: 'rc-config', enabled: true, rules: [{ urlPattern: '/*', methods: ['GET'], postEndpoints: [] }], logoutPattern: '*/logout' });

    postFromPage({ type: 'rc-lookup', id: 7, method: 'GET', url: `${location.origin}/api/users`, headers: { accept: 'application/json' }, body: null });
    postFromPage({ type: 'rc-lookup', id: 8, method: 'GET', url: 'javascript:alert(1)', headers: {}, body: null });
    postFromPage({ type: 'rc-lookup', id: 9, method: 'GET', url: `${location.origin}/x`, headers: { 'bad header': 'x' }, body: null });
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'rc-reply')).toBe(true));
    await flush(20);
    expect(sent).toEqual([{ type: 'response-cache/lookup', payload: { type: 'rc-lookup', id: 7, method: 'GET', url: `${location.origin}/api/users`, headers: { accept: 'application/json' }, body: null }, context: { doc: expect.any(String), cookie: expect.any(String), sentAt: expect.any(Number) } }]);
    expect(messages.find((m) => m.type === 'rc-reply')).toMatchObject({ id: 7, reply: { kind: 'store', token: 'a'.repeat(32) } });

    revert();
    await vi.waitFor(() => expect(messages.at(-1)).toMatchObject({ type: 'rc-config', enabled: false }));
    expect(messages.at(-1)).toMatchObject({ type: 'rc-config', enabled: false });
    postFromPage({ type: 'rc-lookup', id: 10, method: 'GET', url: `${location.origin}/api/users`, headers: {}, body: null });
    await flush(10);
    expect(sent).toHaveLength(1);
    stop();
  });

  it('answers a fresh hit again from the hot tier, and drops it on a write, on the background’s word and on a cookie change', async () => {
    const sent: { type: string; payload: unknown }[] = [];
    const hit = { kind: 'hit', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: { text: '{"n":1}' }, url: `${location.origin}/api/users`, stale: false, revalidateToken: null };
    let dropFromBackground: (() => void) | null = null;
    const applier = createCacheRepeatedApiCallsApplier(
      async (message) => {
        if (message.type === 'response-cache/warm') return { entries: [] };
        sent.push(message);
        return message.type === 'response-cache/lookup' ? { reply: hit, prefetch: [], hotMs: 30_000 } : { reply: { kind: 'network' }, prefetch: [{ url: `${location.origin}/api/next`, token: 'b'.repeat(32) }] };
      },
      async () => undefined,
      (onDrop) => {
        dropFromBackground = onDrop;
        return () => (dropFromBackground = null);
      },
    );
    const { messages, stop } = collectContentMessages();
    applier.apply(contextFor<'cache-repeated-api-calls'>({ repeatedEndpoints: [] }).ctx);
    await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0));
    const lookup = (id: number, headers: Record<string, string> = { accept: 'application/json' }) => postFromPage({ type: 'rc-lookup', id, method: 'GET', url: `${location.origin}/api/users`, headers, body: null });
    const replies = () => messages.filter((m) => m.type === 'rc-reply');
    const kinds = () => sent.map((m) => m.type.replace('response-cache/', ''));

    lookup(1);
    await vi.waitFor(() => expect(replies()).toHaveLength(1));
    lookup(2);
    await vi.waitFor(() => expect(replies()).toHaveLength(2));
    expect(replies()[1]).toMatchObject({ id: 2, reply: hit });
    // Answered here; the background only hears of it (and answers with a prefetch for the page).
    await vi.waitFor(() => expect(kinds()).toEqual(['lookup', 'hot-hit']));
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'rc-prefetch')).toBe(true));
    // The page client's synchronous probe is answered before dispatchEvent returns.
    const probe = (headers: Record<string, string>) => {
      let answer: unknown = null;
      const onAnswer = (event: Event) => (answer = (event as CustomEvent).detail);
      window.addEventListener('admin-performance:rc-hot-answer', onAnswer);
      window.dispatchEvent(new CustomEvent('admin-performance:rc-hot-probe', { detail: JSON.stringify({ source: RC_PAGE_SOURCE, v: RC_PROTOCOL, type: 'rc-lookup', id: 0, method: 'GET', url: `${location.origin}/api/users`, headers, body: null }) }));
      window.removeEventListener('admin-performance:rc-hot-answer', onAnswer);
      return typeof answer === 'string' ? JSON.parse(answer) : null;
    };
    expect(probe({ accept: 'application/json' })).toEqual(hit);
    expect(probe({ accept: 'text/html' })).toBeNull();
    await vi.waitFor(() => expect(kinds()).toEqual(['lookup', 'hot-hit', 'hot-hit']));
    sent.pop();
    // Another header (e.g. Authorization) is another request.
    lookup(3, { accept: 'application/json', authorization: 'Bearer other' });
    await vi.waitFor(() => expect(kinds()).toEqual(['lookup', 'hot-hit', 'lookup']));

    // A write of the page drops it.
    postFromPage({ type: 'rc-mutation', id: null, method: 'POST', url: `${location.origin}/api/login`, headers: {}, phase: 'start' });
    lookup(4);
    await vi.waitFor(() => expect(kinds()).toEqual(['lookup', 'hot-hit', 'lookup', 'mutation', 'lookup']));
    await vi.waitFor(() => expect(replies()).toHaveLength(4));
    lookup(5);
    await vi.waitFor(() => expect(kinds().at(-1)).toBe('hot-hit'));

    // The background's drop.
    dropFromBackground!();
    lookup(6);
    await vi.waitFor(() => expect(kinds().at(-1)).toBe('lookup'));
    await vi.waitFor(() => expect(replies()).toHaveLength(6));
    lookup(7);
    await vi.waitFor(() => expect(kinds().at(-1)).toBe('hot-hit'));

    // A cookie change seen in document.cookie.
    document.cookie = `sid=someone-else-${Date.now()}`;
    const before = sent.length;
    lookup(8);
    await vi.waitFor(() => expect(sent.length).toBe(before + 1));
    expect(kinds().at(-1)).toBe('lookup');
    await vi.waitFor(() => expect(replies()).toHaveLength(8));
    stop();
  });

  it('answers "network" when the background fails or replies nonsense', async () => {
    let call = 0;
    const applier = createCacheRepeatedApiCallsApplier(async () => {
      call++;
      if (call === 1) throw new Error('worker asleep');
      return { reply: { kind: 'hit', status: 'two hundred' }, prefetch: [] };
    }, async () => undefined);
    const { messages, stop } = collectContentMessages();
    applier.apply(contextFor<'cache-repeated-api-calls'>({ repeatedEndpoints: [] }).ctx);
    await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0));
    postFromPage({ type: 'rc-lookup', id: 1, method: 'GET', url: `${location.origin}/a`, headers: {}, body: null });
    postFromPage({ type: 'rc-lookup', id: 2, method: 'GET', url: `${location.origin}/b`, headers: {}, body: null });
    await vi.waitFor(() => expect(messages.filter((m) => m.type === 'rc-reply')).toHaveLength(2));
    const replies = messages.filter((m) => m.type === 'rc-reply');
    expect(replies.map((r) => r.reply)).toEqual([{ kind: 'network' }, { kind: 'network' }]);
    stop();
  });

  it('holds what the page stored once the background accepts it, and a lookup of it waits for that store', async () => {
    const sent: { type: string; payload: unknown }[] = [];
    let acceptStore: ((answer: unknown) => void) | null = null;
    const applier = createCacheRepeatedApiCallsApplier(
      (message) => {
        if (message.type === 'response-cache/warm') return Promise.resolve({ entries: [] });
        sent.push(message);
        if (message.type === 'response-cache/lookup') return Promise.resolve({ reply: { kind: 'store', token: 'c'.repeat(32) }, prefetch: [] });
        if (message.type === 'response-cache/store') return new Promise((resolve) => (acceptStore = resolve));
        return Promise.resolve({ reply: { kind: 'network' }, prefetch: [] });
      },
      async () => undefined,
    );
    const { messages, stop } = collectContentMessages();
    applier.apply(contextFor<'cache-repeated-api-calls'>({ repeatedEndpoints: [] }).ctx);
    await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0));
    const url = `${location.origin}/api/orders`;
    const lookup = (id: number) => postFromPage({ type: 'rc-lookup', id, method: 'GET', url, headers: { accept: 'application/json' }, body: null });
    const replies = () => messages.filter((m) => m.type === 'rc-reply');
    const kinds = () => sent.map((m) => m.type.replace('response-cache/', ''));

    lookup(1);
    await vi.waitFor(() => expect(replies()).toHaveLength(1));
    const store = { type: 'rc-store', token: 'c'.repeat(32), status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: { text: '{"orders":[]}' }, costMs: 120, url };
    postFromPage(store);
    // Asked again while the store is on its way: no lookup goes out until the background answers it.
    lookup(2);
    await flush(10);
    expect(kinds()).toEqual(['lookup', 'store']);
    acceptStore!({ stored: true, hotMs: 30_000 });
    await vi.waitFor(() => expect(replies()).toHaveLength(2));
    expect(replies()[1]).toMatchObject({ id: 2, reply: { kind: 'hit', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: { text: '{"orders":[]}' }, url, stale: false } });
    await vi.waitFor(() => expect(kinds()).toEqual(['lookup', 'store', 'hot-hit']));

    // A store whose lookup preceded a write of the page is not held, even though the background took it.
    postFromPage({ type: 'rc-mutation', id: null, method: 'POST', url, headers: {}, phase: 'start' });
    lookup(3);
    await vi.waitFor(() => expect(replies()).toHaveLength(3));
    expect(kinds().at(-1)).toBe('lookup');
    postFromPage({ type: 'rc-mutation', id: null, method: 'POST', url, headers: {}, phase: 'start' });
    postFromPage(store);
    acceptStore!({ stored: true, hotMs: 30_000 });
    await flush(10);
    lookup(4);
    await vi.waitFor(() => expect(replies()).toHaveLength(4));
    expect(kinds().slice(-3)).toEqual(['mutation', 'store', 'lookup']);

    // Nor is a store the background refused.
    postFromPage(store);
    acceptStore!({ stored: false, reason: 'no-store' });
    await flush(10);
    lookup(5);
    await vi.waitFor(() => expect(replies()).toHaveLength(5));
    expect(kinds().slice(-2)).toEqual(['store', 'lookup']);
    stop();
  });

  it('holds the warm start’s fresh answers for a new document, and ignores malformed ones', async () => {
    const sent: { type: string; payload: unknown; context?: unknown }[] = [];
    const url = `${location.origin}/api/reports`;
    const hit = { kind: 'hit', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: { text: '{"reports":3}' }, url, stale: false, revalidateToken: null };
    const applier = createCacheRepeatedApiCallsApplier(async (message) => {
      sent.push(message);
      if (message.type === 'response-cache/warm')
        return {
          entries: [
            { request: { method: 'GET', url, headers: { accept: 'application/json' }, body: null }, hit, hotMs: 30_000 },
            { request: { method: 'GET', url: 'javascript:alert(1)', headers: {}, body: null }, hit, hotMs: 30_000 },
            { request: { method: 'GET', url: `${location.origin}/api/stale`, headers: {}, body: null }, hit: { ...hit, stale: true }, hotMs: 30_000 },
          ],
        };
      return { reply: { kind: 'network' }, prefetch: [] };
    }, async () => undefined);
    const { messages, stop } = collectContentMessages();
    applier.apply(contextFor<'cache-repeated-api-calls'>({ repeatedEndpoints: [] }).ctx);
    await vi.waitFor(() => expect(sent.map((m) => m.type)).toContain('response-cache/warm'));
    // The warm start carries the content script's own context, never the page's word.
    expect(sent[0]).toMatchObject({ type: 'response-cache/warm', context: { doc: expect.any(String), cookie: expect.any(String) } });
    await flush(10);
    const replies = () => messages.filter((m) => m.type === 'rc-reply');
    postFromPage({ type: 'rc-lookup', id: 1, method: 'GET', url, headers: { accept: 'application/json' }, body: null });
    await vi.waitFor(() => expect(replies()).toHaveLength(1));
    expect(replies()[0]).toMatchObject({ id: 1, reply: hit });
    await vi.waitFor(() => expect(sent.map((m) => m.type)).toEqual(['response-cache/warm', 'response-cache/hot-hit']));
    postFromPage({ type: 'rc-lookup', id: 2, method: 'GET', url: `${location.origin}/api/stale`, headers: {}, body: null });
    await vi.waitFor(() => expect(replies()).toHaveLength(2));
    expect(sent.at(-1)!.type).toBe('response-cache/lookup');
    stop();
  });
});
