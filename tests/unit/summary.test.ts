import { describe, expect, it } from 'vitest';
import type { MetricSample, RequestRecord } from '../../src/core/model';
import { captureTotals, latestVitals, requestName, requestRate } from '../../src/core/metrics/summary';
import { createRequestTable, filterRequests } from '../../src/core/metrics/request-table';

const req = (url: string, t: number, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  kind: 'request', viewId: 'v', t, url, initiatorType: 'fetch', duration: 10, transferSize: 100, encodedBodySize: 90, decodedBodySize: 200,
  phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 5, download: 1 }, status: 200, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2', ...extra,
});

describe('summary', () => {
  const samples: MetricSample[] = [
    { kind: 'vital', t: 1, viewId: 'v', name: 'LCP', value: 1000, delta: 1000, rating: 'good', metricId: 'a', navigationType: 'navigate', attribution: {} },
    { kind: 'vital', t: 2, viewId: 'v', name: 'LCP', value: 3000, delta: 2000, rating: 'needs-improvement', metricId: 'a', navigationType: 'navigate', attribution: {} },
    { kind: 'loaf', t: 3, viewId: 'v', source: 'long-animation-frame', duration: 120, blockingDuration: 70, renderStart: null, styleAndLayoutStart: null, scripts: [] },
    { kind: 'memory', t: 4, viewId: 'v', heapUsed: 5e6, heapTotal: 8e6, domNodes: 900 },
    { kind: 'memory', t: 5, viewId: 'v', heapUsed: 4e6, heapTotal: 8e6, domNodes: 950 },
  ];
  it('keeps the latest report of each vital', () => {
    expect(latestVitals(samples).LCP?.value).toBe(3000);
    expect(latestVitals(samples).CLS).toBeUndefined();
  });
  it('totals long frames, bytes and memory', () => {
    const t = captureTotals(samples, [req('https://a/x', 0), req('https://a/y', 0)]);
    expect(t).toMatchObject({ longFrameCount: 1, longFrameTime: 120, blockingTime: 70, requests: 2, transferBytes: 200, heapUsed: 4e6, heapPeak: 5e6, domNodes: 950 });
  });
  it('counts the request rate per second', () => {
    const [xs, ys] = requestRate([req('u', 1000), req('u', 1500), req('u', 2100)], 1000, 3000);
    expect(xs).toEqual([1000, 2000]);
    expect(ys).toEqual([2, 1]);
  });
  it('filters and sorts', () => {
    const rows = [req('https://h/api/users', 3, { duration: 5 }), req('https://h/img/a.png', 1, { initiatorType: 'img', duration: 50 }), req('https://h/api/orders', 2, { duration: 20 })];
    expect(filterRequests(rows, { text: 'api', type: '', sort: 'duration', descending: true }).map((r) => requestName(r.url))).toEqual(['/api/orders', '/api/users']);
    expect(filterRequests(rows, { text: '', type: 'img', sort: 'start', descending: false })).toHaveLength(1);
  });
});

describe('filterRequests at scale', () => {
  it('sorts by name as a comparison on requestName would, ties by start time', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => req(`https://app.test/api/${['users', 'orders', 'reports'][i % 3]}/${(i * 37) % 101}`, (i * 7919) % 3001));
    const expected = [...rows].sort((a, b) => (requestName(a.url) < requestName(b.url) ? -1 : requestName(a.url) > requestName(b.url) ? 1 : a.t - b.t));
    expect(filterRequests(rows, { text: '', type: '', sort: 'name', descending: false })).toEqual(expected);
    expect(filterRequests(rows, { text: '', type: '', sort: 'name', descending: true })).toEqual([...expected].reverse());
  });
});

describe('createRequestTable', () => {
  const rows = Array.from({ length: 500 }, (_, i) =>
    req(`https://app.test/api/${['Users', 'orders', 'reports'][i % 3]}/${(i * 37) % 101}`, (i * 7919) % 211, {
      duration: (i * 13) % 17,
      transferSize: (i * 31) % 7,
      initiatorType: i % 4 ? 'fetch' : 'img',
    }),
  );
  const sorts = ['start', 'name', 'type', 'status', 'duration', 'size', 'waiting'] as const;

  const keys: Record<(typeof sorts)[number], (r: RequestRecord) => number | string> = {
    start: (r) => r.t, name: (r) => requestName(r.url), type: (r) => r.initiatorType, status: (r) => r.status,
    duration: (r) => r.duration, size: (r) => r.transferSize, waiting: (r) => r.phases.waiting,
  };
  /** The plain way: filter, then sort with a comparator (ties by start time, then position). */
  const reference = (filter: { text: string; type: string; sort: (typeof sorts)[number]; descending: boolean }) => {
    const text = filter.text.trim().toLowerCase();
    const kept = rows.filter((r) => r.url.toLowerCase().includes(text) && (!filter.type || r.initiatorType === filter.type));
    const key = keys[filter.sort];
    const up = [...kept].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) || a.t - b.t || rows.indexOf(a) - rows.indexOf(b));
    return filter.descending ? up.reverse() : up;
  };

  it('gives what a plain filter-then-sort gives, for every sort, direction and filter, asked in any order', () => {
    const table = createRequestTable(rows);
    for (const text of ['', 'users', 'ORDERS/1', 'nothing-matches'])
      for (const type of ['', 'img'])
        for (const sort of sorts)
          for (const descending of [false, true]) {
            const filter = { text, type, sort, descending };
            expect(table.rows(filter)).toEqual(reference(filter));
          }
  });

  it('sorts ascending by key, then start time, and descending as its exact reverse', () => {
    const table = createRequestTable(rows);
    const up = table.rows({ text: '', type: '', sort: 'duration', descending: false });
    for (let i = 1; i < up.length; i++) {
      const [a, b] = [up[i - 1]!, up[i]!];
      expect(a.duration < b.duration || (a.duration === b.duration && a.t <= b.t)).toBe(true);
    }
    expect(table.rows({ text: '', type: '', sort: 'duration', descending: true })).toEqual([...up].reverse());
  });

  it('filters by URL case-insensitively and by type, keeping the sorted order', () => {
    const table = createRequestTable(rows);
    const users = table.rows({ text: ' users ', type: 'img', sort: 'start', descending: false });
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((r) => r.url.includes('/Users/') && r.initiatorType === 'img')).toBe(true);
    expect(users).toEqual(rows.filter((r) => r.url.includes('/Users/') && r.initiatorType === 'img').sort((a, b) => a.t - b.t || rows.indexOf(a) - rows.indexOf(b)));
  });
});

describe('requestName', () => {
  it('names every URL as the URL parser does, plain or not', () => {
    const viaParser = (url: string) => {
      try {
        const u = new URL(url);
        const path = u.pathname + u.search;
        return path === '/' ? u.host + '/' : path;
      } catch {
        return url;
      }
    };
    const urls = [
      'https://app.test/api/users/42?page=2&sort=name',
      'https://app.test',
      'https://app.test/',
      'https://app.test/?',
      'https://app.test/?q=1#top',
      'https://app.test/a/b#frag',
      'http://app.test/search?q=a%20b&x=(1)',
      'https://App.Test/Path',
      'https://app.test:443/x',
      'https://app.test:8443/x',
      'https://app.test/a/../b',
      'https://app.test/a/./b',
      'https://app.test/a b',
      'https://app.test/ü',
      'https://user:pw@app.test/x',
      'https://app.test/x?y=1?2',
      'data:image/png;base64,AAAA',
      'blob:https://app.test/1234',
      'not a url',
      'https://app.test\\x',
    ];
    for (const url of urls) expect(requestName(url), url).toBe(viaParser(url));
  });
});
