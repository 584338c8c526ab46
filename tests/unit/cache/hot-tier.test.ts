import { describe, expect, it } from 'vitest';
import { cookieDigest, HotTier, hotKey } from '../../../src/content/response-cache-hot-tier';

const hit = (text: string) => ({ kind: 'hit' as const, status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] as [string, string][], body: { text }, url: 'http://app.test/api/a', stale: false, revalidateToken: null });

describe('the response cache’s hot tier (content script)', () => {
  it('holds a fresh hit for its request and cookie string until it expires', () => {
    let now = 1000;
    const tier = new HotTier(() => now);
    const key = hotKey({ method: 'GET', url: 'http://app.test/api/a', headers: { accept: 'application/json' }, body: null });
    tier.put(key, hit('{}'), 'sid=a', 500, tier.generation);
    expect(tier.get(key, 'sid=a')).toEqual(hit('{}'));
    now = 1499;
    expect(tier.get(key, 'sid=a')).not.toBeNull();
    now = 1500;
    expect(tier.get(key, 'sid=a')).toBeNull();
  });

  it('drops everything when the cookie string differs, and never holds a reply older than a drop', () => {
    const tier = new HotTier(() => 0);
    const a = hotKey({ method: 'GET', url: 'http://app.test/api/a', headers: {}, body: null });
    const b = hotKey({ method: 'GET', url: 'http://app.test/api/b', headers: {}, body: null });
    tier.put(a, hit('a'), 'sid=a', 1000, tier.generation);
    tier.put(b, hit('b'), 'sid=a', 1000, tier.generation);
    expect(tier.get(a, 'sid=b')).toBeNull();
    expect(tier.get(b, 'sid=a')).toBeNull();
    const sentBefore = tier.generation;
    tier.dropAll();
    tier.put(a, hit('a'), 'sid=a', 1000, sentBefore);
    expect(tier.size).toBe(0);
    tier.put(a, { ...hit('a'), stale: true }, 'sid=a', 1000, tier.generation);
    expect(tier.size).toBe(0);
  });

  it('keys on every header and the body, in any header order', () => {
    const base = { method: 'POST', url: 'http://app.test/api/analyse', body: '{"q":1}' };
    expect(hotKey({ ...base, headers: { a: '1', b: '2' } })).toBe(hotKey({ ...base, headers: { b: '2', a: '1' } }));
    expect(hotKey({ ...base, headers: { authorization: 'Bearer x' } })).not.toBe(hotKey({ ...base, headers: { authorization: 'Bearer y' } }));
    expect(hotKey({ ...base, headers: {} })).not.toBe(hotKey({ ...base, body: '{"q":2}', headers: {} }));
  });

  it('stays within its entry budget, oldest first', () => {
    const tier = new HotTier(() => 0);
    for (let i = 0; i < 250; i++) tier.put(`k${i}`, hit(String(i)), '', 1000, tier.generation);
    expect(tier.size).toBe(200);
    expect(tier.get('k0', '')).toBeNull();
    expect(tier.get('k249', '')).not.toBeNull();
  });

  it('digests cookie strings so that different ones differ', () => {
    expect(cookieDigest('sid=a')).not.toBe(cookieDigest('sid=b'));
    expect(cookieDigest('')).toBe(cookieDigest(''));
  });
});
