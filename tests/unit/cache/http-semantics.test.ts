import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeHeaders, normalizeUrl, parseCacheControl, requestKey, storability, varyMatches, varyNames, varySignature, bodyHash } from '../../../src/core/cache/http-semantics';

describe('request keys', () => {
  it('one spelling per URL: host case, default port, fragment and parameter order do not matter', () => {
    expect(normalizeUrl('HTTP://Example.COM:80/api/users?b=2&a=1#top')).toBe('http://example.com/api/users?a=1&b=2');
    expect(requestKey({ method: 'get', url: 'http://x.test/a?z=1&y=2' })).toBe(requestKey({ method: 'GET', url: 'http://x.test/a?y=2&z=1' }));
  });

  it('keeps the order of repeated parameters, which can mean something', () => {
    expect(normalizeUrl('http://x.test/?tag=b&tag=a')).toBe('http://x.test/?tag=b&tag=a');
  });

  it('different paths, queries, methods or bodies are different keys', () => {
    const base = { method: 'POST', url: 'http://x.test/api/analyze' };
    expect(requestKey({ ...base, bodyHash: bodyHash('{"a":1}') })).not.toBe(requestKey({ ...base, bodyHash: bodyHash('{"a":2}') }));
    expect(requestKey({ method: 'GET', url: 'http://x.test/a?x=1' })).not.toBe(requestKey({ method: 'GET', url: 'http://x.test/a?x=2' }));
    expect(requestKey({ method: 'GET', url: 'http://x.test/a' })).not.toBe(requestKey({ method: 'HEAD', url: 'http://x.test/a' }));
  });

  it('parameter order never changes the key (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: 1, maxLength: 6 }), (names) => {
        const withValues = names.map((name, i) => `${name}=${i}`);
        const shuffled = [...withValues].reverse().join('&');
        expect(normalizeUrl(`http://x.test/p?${withValues.join('&')}`)).toBe(normalizeUrl(`http://x.test/p?${shuffled}`));
      }),
    );
  });
});

describe('cacheability', () => {
  const json = { 'content-type': 'application/json' };
  it('never stores no-store or no-cache, even with every override', () => {
    const all = { setCookie: true, private: true, varyStar: true };
    expect(storability({ status: 200, responseHeaders: { ...json, 'cache-control': 'no-store' }, setCookie: false, overrides: all }).store).toBe(false);
    expect(storability({ status: 200, responseHeaders: { ...json, 'cache-control': 'private, NO-CACHE' }, setCookie: false, overrides: all }).store).toBe(false);
  });

  it('does not store Set-Cookie, private or Vary: * unless the rule overrides each', () => {
    expect(storability({ status: 200, responseHeaders: json, setCookie: true })).toMatchObject({ store: false, reason: expect.stringMatching(/sets a cookie/) });
    expect(storability({ status: 200, responseHeaders: json, setCookie: true, overrides: { setCookie: true } }).store).toBe(true);
    expect(storability({ status: 200, responseHeaders: { 'cache-control': 'private, max-age=60' }, setCookie: false }).store).toBe(false);
    expect(storability({ status: 200, responseHeaders: { 'cache-control': 'private' }, setCookie: false, overrides: { private: true } }).store).toBe(true);
    expect(storability({ status: 200, responseHeaders: { vary: 'Accept, *' }, setCookie: false }).store).toBe(false);
    expect(storability({ status: 200, responseHeaders: { vary: '*' }, setCookie: false, overrides: { varyStar: true } })).toEqual({ store: true, vary: [] });
  });

  it('does not store errors that say nothing about the resource', () => {
    expect(storability({ status: 500, responseHeaders: json, setCookie: false }).store).toBe(false);
    expect(storability({ status: 206, responseHeaders: json, setCookie: false }).store).toBe(false);
    expect(storability({ status: 404, responseHeaders: json, setCookie: false }).store).toBe(true);
  });

  it('parses Cache-Control directives case-insensitively', () => {
    const directives = parseCacheControl('Max-Age=60, private="x", No-Transform');
    expect(directives.get('max-age')).toBe('60');
    expect(directives.get('private')).toBe('x');
    expect(directives.has('no-transform')).toBe(true);
  });
});

describe('Vary', () => {
  it('records the varied request headers and matches only the same values', () => {
    const names = varyNames(normalizeHeaders({ Vary: 'Accept-Language, Accept' }));
    expect(names).toEqual(['accept', 'accept-language']);
    if (names === '*') throw new Error('unexpected');
    const signature = varySignature(names, { accept: 'application/json', 'accept-language': 'de' });
    expect(varyMatches(signature, { accept: 'application/json', 'accept-language': 'de', 'x-other': '1' })).toBe(true);
    expect(varyMatches(signature, { accept: 'application/json', 'accept-language': 'fr' })).toBe(false);
    expect(varyMatches(signature, { accept: 'application/json' })).toBe(false);
  });

  it('joins duplicate header names as fetch does', () => {
    expect(normalizeHeaders([['Vary', 'a'], ['vary', 'b']])).toEqual({ vary: 'a, b' });
  });
});
