// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCacheRepeatedApiCallsApplier } from '../../../../src/content/appliers/cache-repeated-api-calls';
import { RC_CONTENT_SOURCE, RC_PAGE_SOURCE, RC_PROTOCOL } from '../../../../src/shared/response-cache-protocol';
import { abortAllContexts, contextFor, flush } from './dom-fixtures';

function collectContentMessages(): { messages: Record<string, unknown>[]; stop: () => void } {
  const messages: Record<string, unknown>[] = [];
  const listener = (event: MessageEvent) => {
    if ((event.data as { source?: string })?.source === RC_CONTENT_SOURCE) messages.push(event.data);
  };
  window.addEventListener('message', listener);
  return { messages, stop: () => window.removeEventListener('message', listener) };
}

// happy-dom's postMessage leaves event.source null; the relay accepts only messages from its own window.
function postFromPage(data: object): void {
  window.dispatchEvent(new MessageEvent('message', { data: { source: RC_PAGE_SOURCE, v: RC_PROTOCOL, ...data }, source: window }));
}

describe('cache-repeated-api-calls applier', () => {
  afterEach(abortAllContexts);

  it('tells the page client its rule patterns, relays checked lookups and replies, and switches the client off on revert', async () => {
    const sent: { type: string; payload: unknown }[] = [];
    const applier = createCacheRepeatedApiCallsApplier(async (message) => {
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
    expect(sent).toEqual([{ type: 'response-cache/lookup', payload: { type: 'rc-lookup', id: 7, method: 'GET', url: `${location.origin}/api/users`, headers: { accept: 'application/json' }, body: null } }]);
    expect(messages.find((m) => m.type === 'rc-reply')).toMatchObject({ id: 7, reply: { kind: 'store', token: 'a'.repeat(32) } });

    revert();
    await vi.waitFor(() => expect(messages.at(-1)).toMatchObject({ type: 'rc-config', enabled: false }));
    expect(messages.at(-1)).toMatchObject({ type: 'rc-config', enabled: false });
    postFromPage({ type: 'rc-lookup', id: 10, method: 'GET', url: `${location.origin}/api/users`, headers: {}, body: null });
    await flush(10);
    expect(sent).toHaveLength(1);
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
});
