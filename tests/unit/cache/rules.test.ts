import { describe, expect, it } from 'vitest';
import { pageRulesFor } from '../../../src/shared/response-cache-page-rules';
import { checkResponseCacheSettings, decideRequest, defaultResponseCacheSettings, isLogoutRequest, responseStorability, defaultRule } from '../../../src/core/cache/rules';

const ORIGIN = 'http://127.0.0.1:5178';
const settings = defaultResponseCacheSettings();
const get = (path: string, headers: Record<string, string> = {}) => ({ method: 'GET', url: ORIGIN + path, body: null, headers });

describe('response cache rules: the default', () => {
  it('caches same-origin GETs of endpoints called more than once', () => {
    expect(decideRequest(get('/api/users?page=2'), ORIGIN, settings, () => 1)).toMatchObject({ action: 'network', reason: expect.stringMatching(/called once/) });
    const decision = decideRequest(get('/api/users?page=2'), ORIGIN, settings, (endpoint) => (endpoint === 'GET /api/users' ? 2 : 0));
    expect(decision).toMatchObject({ action: 'cache', endpoint: 'GET /api/users', rule: { ttlMs: 30_000, staleMs: 0 } });
  });

  it('counts calls per endpoint (route template), so two ids are one endpoint', () => {
    const seen: string[] = [];
    decideRequest(get('/api/users/7'), ORIGIN, settings, (endpoint) => (seen.push(endpoint), 2));
    expect(seen).toEqual(['GET /api/users/:id']);
  });

  it('never caches another origin', () => {
    expect(decideRequest({ method: 'GET', url: 'http://other.test/api/users', body: null, headers: {} }, ORIGIN, settings, () => 9)).toMatchObject({ action: 'network', reason: expect.stringMatching(/same-origin/) });
  });

  it('treats non-GET requests as mutations, and POST only as cached when listed', () => {
    expect(decideRequest({ method: 'POST', url: `${ORIGIN}/api/users`, body: '{}', headers: {} }, ORIGIN, settings, () => 9).action).toBe('mutation');
    const withPost = checkResponseCacheSettings({ ...settings, rules: [{ ...defaultRule(), postEndpoints: ['/api/analyze'], repeatedOnly: false }] });
    const a = decideRequest({ method: 'POST', url: `${ORIGIN}/api/analyze`, body: '{"q":1}', headers: {} }, ORIGIN, withPost, () => 1);
    const b = decideRequest({ method: 'POST', url: `${ORIGIN}/api/analyze`, body: '{"q":2}', headers: {} }, ORIGIN, withPost, () => 1);
    expect(a.action).toBe('cache');
    expect(a.action === 'cache' && b.action === 'cache' && a.key !== b.key).toBe(true);
    expect(decideRequest({ method: 'POST', url: `${ORIGIN}/api/users`, body: '{}', headers: {} }, ORIGIN, withPost, () => 9).action).toBe('mutation');
  });

  it('goes to the network when the page asks caches to step aside', () => {
    expect(decideRequest(get('/api/users', { 'cache-control': 'no-cache' }), ORIGIN, settings, () => 9).action).toBe('network');
  });

  it('stores JSON only under the default rule, and honours HTTP semantics', () => {
    const rule = defaultRule();
    expect(responseStorability(rule, 200, { 'content-type': 'application/json; charset=utf-8' }, false).store).toBe(true);
    expect(responseStorability(rule, 200, { 'content-type': 'text/html' }, false)).toMatchObject({ store: false, reason: expect.stringMatching(/JSON/) });
    expect(responseStorability(rule, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, false).store).toBe(false);
  });
});

describe('logout', () => {
  it('matches the default */logout on any path prefix and any method', () => {
    expect(isLogoutRequest(`${ORIGIN}/logout`, settings)).toBe(true);
    expect(isLogoutRequest(`${ORIGIN}/api/auth/logout?next=/`, settings)).toBe(true);
    expect(isLogoutRequest(`${ORIGIN}/api/logouts`, settings)).toBe(false);
    expect(isLogoutRequest(`${ORIGIN}/signout`, { logoutPattern: '/signout' })).toBe(true);
  });
});

describe('checkResponseCacheSettings', () => {
  it('accepts the defaults', () => {
    expect(checkResponseCacheSettings(defaultResponseCacheSettings())).toEqual(defaultResponseCacheSettings());
  });

  it('names the bad field', () => {
    const bad = (patch: object, field: RegExp) => expect(() => checkResponseCacheSettings({ ...settings, ...patch })).toThrow(field);
    bad({ rules: [{ ...defaultRule(), ttlMs: 0 }] }, /rules\[0\]\.ttlMs/);
    bad({ rules: [{ ...defaultRule(), methods: ['DELETE'] }] }, /rules\[0\]\.methods\[0\]/);
    bad({ rules: [{ ...defaultRule(), urlPattern: 'not a url' }] }, /rules\[0\]\.urlPattern/);
    bad({ rules: [{ ...defaultRule(), staleMs: -1 }] }, /staleMs/);
    bad({ prefetchThreshold: 2 }, /prefetchThreshold/);
    bad({ logoutPattern: '' }, /logoutPattern/);
    bad({ identityCookie: 'a b' }, /identityCookie/);
    bad({ lookupTimeoutMs: 10 }, /lookupTimeoutMs: expected whole milliseconds from 50 to 10000 \(got 10\)/);
    bad({ lookupTimeoutMs: 20_000 }, /lookupTimeoutMs/);
    bad({ lookupTimeoutMs: 99.5 }, /lookupTimeoutMs/);
  });

  it('gives settings stored before the wait was configurable the default wait of 400 ms', () => {
    const { lookupTimeoutMs: _, ...older } = defaultResponseCacheSettings();
    expect(checkResponseCacheSettings(older).lookupTimeoutMs).toBe(400);
    expect(checkResponseCacheSettings({ ...older, lookupTimeoutMs: 5000 }).lookupTimeoutMs).toBe(5000);
  });
});

describe('pageRulesFor (what the page-world client is told)', () => {
  it('passes the wait on, and falls back to 400 ms when it is missing or out of bounds', () => {
    const url = 'http://127.0.0.1:5178/users';
    const stored = (wait: unknown) => ({ 'http://127.0.0.1:5178/*': { ...defaultResponseCacheSettings(), lookupTimeoutMs: wait } });
    expect(pageRulesFor(stored(5000), url).lookupTimeoutMs).toBe(5000);
    expect(pageRulesFor(stored(undefined), url).lookupTimeoutMs).toBe(400);
    expect(pageRulesFor(stored(1), url).lookupTimeoutMs).toBe(400);
    expect(pageRulesFor(null, url).lookupTimeoutMs).toBe(400);
  });
});
