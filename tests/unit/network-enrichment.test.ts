import { describe, expect, it } from 'vitest';
import { enrichRequest, matchEntry, type NetworkEntry } from '../../src/core/capture/network-enrichment';
import type { RequestRecord } from '../../src/core/model';

const entry = (url: string, started: number, method = 'GET'): NetworkEntry => ({
  url, started, method, status: 201, mimeType: 'application/json',
  requestHeaders: [{ name: 'Accept', value: '*/*' }], responseHeaders: [{ name: 'Content-Type', value: 'application/json' }],
});
const record = (url: string, t: number): RequestRecord => ({
  kind: 'request', viewId: 'v', t, url, initiatorType: 'fetch', duration: 10, transferSize: 1, encodedBodySize: 1, decodedBodySize: 1,
  phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 5, download: 1 }, status: 0, serverTiming: [], renderBlocking: '', cached: false, protocol: 'http/1.1',
});

describe('network enrichment', () => {
  it('matches the same URL with the closest start, each entry once', () => {
    const entries = [entry('http://h/a', 1000), entry('http://h/a', 1300), entry('http://h/b', 1001)];
    expect(matchEntry(record('http://h/a', 1290), entries, new Set())).toBe(1);
    expect(matchEntry(record('http://h/a', 1290), entries, new Set([1]))).toBe(-1); // 290 ms from the other: too far
    expect(matchEntry(record('http://h/a', 1005), entries, new Set())).toBe(0);
    expect(matchEntry(record('http://h/c', 1000), entries, new Set())).toBe(-1);
  });
  it('adds method, content type and headers, keeping the timing and a known status', () => {
    const merged = enrichRequest({ ...record('http://h/a', 1000), status: 200 }, entry('http://h/a', 1000, 'POST'));
    expect(merged).toMatchObject({ method: 'POST', status: 200, mimeType: 'application/json', duration: 10 });
    expect(merged.requestHeaders).toEqual([{ name: 'Accept', value: '*/*' }]);
    expect(enrichRequest(record('http://h/a', 1000), entry('http://h/a', 1000)).status).toBe(201);
  });
});
