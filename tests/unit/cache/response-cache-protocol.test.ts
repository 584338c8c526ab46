import { describe, expect, it } from 'vitest';
import { parseRcBackgroundLookupReply, parseRcPageMessage, RC_PAGE_SOURCE, RC_PROTOCOL } from '../../../src/shared/response-cache-protocol';

const page = (data: object) => ({ source: RC_PAGE_SOURCE, v: RC_PROTOCOL, ...data });
const lookup = { type: 'rc-lookup', id: 1, method: 'GET', url: 'http://app.test/api/users', headers: { accept: 'application/json' }, body: null };

describe('response-cache messages from the page world', () => {
  it('accepts well-formed lookups, stores and mutations', () => {
    expect(parseRcPageMessage(page(lookup))).toEqual(lookup);
    const store = { type: 'rc-store', token: 'ab'.repeat(16), status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: { text: '{}' }, costMs: 12, url: 'http://app.test/api/users' };
    expect(parseRcPageMessage(page(store))).toEqual(store);
    const mutation = { type: 'rc-mutation', id: null, method: 'POST', url: 'http://app.test/api/users', headers: {}, phase: 'start' };
    expect(parseRcPageMessage(page(mutation))).toEqual(mutation);
  });

  it('drops anything malformed or foreign', () => {
    for (const bad of [
      { ...lookup, url: 'javascript:alert(1)' },
      { ...lookup, method: 'TRACE' },
      { ...lookup, headers: { 'bad name': 'x' } },
      { ...lookup, id: 1.5 },
      { type: 'rc-store', token: 'short', status: 200, statusText: 'OK', headers: [], body: { text: '' }, costMs: 0, url: 'http://app.test/' },
      { type: 'rc-store', token: 'ab'.repeat(16), status: 99, statusText: 'OK', headers: [], body: { text: '' }, costMs: 0, url: 'http://app.test/' },
      { type: 'rc-store', token: 'ab'.repeat(16), status: 200, statusText: 'OK', headers: [], body: { base64: 'not base64!' }, costMs: 0, url: 'http://app.test/' },
      { type: 'rc-mutation', id: 'x', method: 'POST', url: 'http://app.test/', headers: {}, phase: 'start' },
      { type: 'unknown' },
    ]) {
      expect(parseRcPageMessage(page(bad))).toBeNull();
    }
    expect(parseRcPageMessage({ ...page(lookup), source: 'someone-else' })).toBeNull();
    expect(parseRcPageMessage(null)).toBeNull();
  });

  it('checks the background’s replies before the page sees them', () => {
    expect(parseRcBackgroundLookupReply({ reply: { kind: 'network' }, prefetch: [] })).toEqual({ reply: { kind: 'network' }, prefetch: [] });
    const hit = { kind: 'hit', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']], body: { text: '{}' }, url: 'http://app.test/a', stale: false, revalidateToken: null };
    expect(parseRcBackgroundLookupReply({ reply: hit, prefetch: [{ url: 'http://app.test/b', token: 't' }, { url: 'ftp://x', token: 't' }] })).toEqual({ reply: hit, prefetch: [{ url: 'http://app.test/b', token: 't' }] });
    expect(parseRcBackgroundLookupReply({ reply: { ...hit, status: '200' }, prefetch: [] })).toBeNull();
    expect(parseRcBackgroundLookupReply(undefined)).toBeNull();
  });
});
