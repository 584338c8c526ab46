import { describe, expect, it } from 'vitest';
import { requestFromResourceTiming, type ResourceTimingLike } from '../../src/core/capture/resource-timing';

const base: ResourceTimingLike = {
  name: 'https://api.example.com/api/users?page=2',
  initiatorType: 'fetch',
  startTime: 100,
  duration: 250,
  redirectStart: 0,
  redirectEnd: 0,
  fetchStart: 100,
  domainLookupStart: 105,
  domainLookupEnd: 115,
  connectStart: 115,
  connectEnd: 160,
  secureConnectionStart: 130,
  requestStart: 161,
  responseStart: 300,
  responseEnd: 350,
  transferSize: 2300,
  encodedBodySize: 2000,
  decodedBodySize: 8000,
  nextHopProtocol: 'h2',
  responseStatus: 200,
  renderBlockingStatus: 'non-blocking',
  serverTiming: [{ name: 'app', duration: 120, description: 'handler' }],
};

describe('requestFromResourceTiming', () => {
  it('splits the request into phases and converts times to epoch ms', () => {
    const r = requestFromResourceTiming(base, 1_700_000_000_000, 'v1', 'GET');
    expect(r.t).toBe(1_700_000_000_100);
    expect(r.phases).toEqual({ redirect: 0, dns: 10, connect: 15, tls: 30, waiting: 139, download: 50 });
    expect(r.status).toBe(200);
    expect(r.cached).toBe(false);
    expect(r.method).toBe('GET');
    expect(r.serverTiming[0]).toEqual({ name: 'app', duration: 120, description: 'handler' });
  });
  it('detects cache hits but not opaque cross-origin entries', () => {
    expect(requestFromResourceTiming({ ...base, transferSize: 0 }, 0, 'v').cached).toBe(true);
    expect(requestFromResourceTiming({ ...base, transferSize: 0, encodedBodySize: 0, decodedBodySize: 0 }, 0, 'v').cached).toBe(false);
  });
  it('reports zero for phases the browser hid (no Timing-Allow-Origin)', () => {
    const opaque = { ...base, domainLookupStart: 0, domainLookupEnd: 0, connectStart: 0, connectEnd: 0, secureConnectionStart: 0, requestStart: 0, responseStart: 0 };
    expect(requestFromResourceTiming(opaque, 0, 'v').phases).toEqual({ redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 0, download: 0 });
  });
});
