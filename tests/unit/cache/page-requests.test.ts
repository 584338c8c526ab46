import { describe, expect, it } from 'vitest';
import { pageKey, PageRequests } from '../../../src/core/cache/page-requests';

const get = (url: string, headers: Record<string, string> = { accept: 'application/json' }) => ({ method: 'GET', url, headers, body: null });

describe('PageRequests', () => {
  it('keys pages by origin and path, and keeps each page’s distinct requests most recent first', () => {
    expect(pageKey('https://admin.example.com/users?page=2#top')).toBe('https://admin.example.com/users');
    expect(pageKey('not a url')).toBeNull();
    const log = new PageRequests();
    log.record('https://a.example/users?page=1', get('https://a.example/api/users?page=1'));
    log.record('https://a.example/users?page=2', get('https://a.example/api/me'));
    log.record('https://a.example/users', get('https://a.example/api/users?page=1'));
    expect(log.requestsFor('https://a.example/users').map((r) => r.url)).toEqual(['https://a.example/api/users?page=1', 'https://a.example/api/me']);
    // Other headers make another request (the hot tier keys on them).
    log.record('https://a.example/users', get('https://a.example/api/me', { accept: 'application/json', 'x-tenant': 'acme' }));
    expect(log.requestsFor('https://a.example/users')).toHaveLength(3);
    expect(log.requestsFor('https://a.example/reports')).toEqual([]);
  });

  it('drops the least recently used requests and pages beyond its limits, and survives a snapshot', () => {
    const log = new PageRequests({ pages: 2, perPage: 3 });
    for (let i = 0; i < 5; i++) log.record('https://a.example/list', get(`https://a.example/api/items/${i}`));
    expect(log.requestsFor('https://a.example/list').map((r) => r.url.split('/').pop())).toEqual(['4', '3', '2']);
    log.record('https://a.example/other', get('https://a.example/api/x'));
    log.record('https://a.example/list', get('https://a.example/api/items/2'));
    log.record('https://b.example/', get('https://b.example/api/y'));
    // "other" was the least recently used page.
    expect(log.requestsFor('https://a.example/other')).toEqual([]);
    const copy = new PageRequests({ pages: 2, perPage: 3 }, JSON.parse(JSON.stringify(log.snapshot())));
    expect(copy.requestsFor('https://a.example/list')).toEqual(log.requestsFor('https://a.example/list'));
    expect(copy.requestsFor('https://b.example/')).toEqual(log.requestsFor('https://b.example/'));
    copy.forgetOrigin('https://a.example');
    expect(copy.requestsFor('https://a.example/list')).toEqual([]);
    expect(copy.requestsFor('https://b.example/')).toHaveLength(1);
  });

  it('never remembers a request that carries a secret (it is kept on disk)', () => {
    const log = new PageRequests();
    log.record('https://a.example/x', get('https://a.example/api/me', { accept: 'application/json', authorization: 'Bearer abc' }));
    log.record('https://a.example/x', get('https://a.example/api/me', { 'x-api-key': 'k' }));
    log.record('https://a.example/x', get('https://a.example/api/me?access_token=abc'));
    log.record('https://a.example/x', get('https://a.example/api/me'));
    expect(log.requestsFor('https://a.example/x')).toEqual([get('https://a.example/api/me')]);
  });

  it('skips what is malformed in a snapshot', () => {
    const log = new PageRequests(undefined, { 'https://a.example/x': [get('https://a.example/api/1'), { method: 1 }, { ...get('https://a.example/api/2'), headers: { a: 2 } }], 'nonsense': [get('https://a.example/api/3')], 'https://a.example/y': 'no' });
    expect(log.requestsFor('https://a.example/x').map((r) => r.url)).toEqual(['https://a.example/api/1']);
    expect(Object.keys(log.snapshot())).toEqual(['https://a.example/x']);
  });
});
