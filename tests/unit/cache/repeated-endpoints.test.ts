import { describe, expect, it } from 'vitest';
import { apiEndpointCalls, repeatedEndpoints } from '../../../src/core/cache/repeated-endpoints';
import type { RequestRecord } from '../../../src/core/model';

const record = (url: string, duration: number, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  kind: 'request', viewId: 'v', t: 0, url, initiatorType: 'fetch', duration, phases: {} as RequestRecord['phases'], transferSize: 0, encodedBodySize: 0, decodedBodySize: 0, status: 200, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2', ...extra,
});

describe('apiEndpointCalls', () => {
  it('groups same-origin GET fetch/XHR by endpoint, counting repeats of the same URL', () => {
    const page = 'http://app.test/users';
    const calls = apiEndpointCalls([
      record('http://app.test/api/recommendations', 800),
      record('http://app.test/api/recommendations', 820),
      record('http://app.test/api/recommendations', 790, { initiatorType: 'xmlhttprequest' }),
      record('http://app.test/api/users/1', 100),
      record('http://app.test/api/users/2', 120),
      record('http://app.test/api/users', 90, { method: 'POST' }),
      record('http://cdn.test/api/users', 90),
      record('http://app.test/logo.png', 5, { initiatorType: 'img' }),
    ], page);
    expect(calls).toEqual([
      { endpoint: 'GET /api/recommendations', calls: 3, distinctUrls: 1, repeatedCalls: 2, medianMs: 800 },
      { endpoint: 'GET /api/users/:id', calls: 2, distinctUrls: 2, repeatedCalls: 0, medianMs: 110 },
    ]);
    expect(repeatedEndpoints(calls)).toEqual(['GET /api/recommendations', 'GET /api/users/:id']);
  });
});
