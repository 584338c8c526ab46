/** Workloads: route templates, deriving a workload from a captured session, the JSON formats. */
import { describe, expect, it } from 'vitest';
import type { RequestRecord, SessionData } from '../../../src/core/model.ts';
import { classifyInput, endpointName, routeTemplate, runSimulation, validateWorkload, workloadFromSession } from '../../../src/core/simulator/index.ts';

describe('route templates', () => {
  it.each([
    ['https://admin.example.com/api/users/123', '/api/users/:id'],
    ['https://admin.example.com/api/users/123/orders/456?sort=desc#x', '/api/users/:id/orders/:id'],
    ['/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301', '/api/orders/:id'],
    ['/api/items/507f1f77bcf86cd799439011', '/api/items/:id'],
    ['/api/files/42.json', '/api/files/:id.json'],
    ['/api/facade/deadbeef', '/api/facade/deadbeef'],
    ['/api/v2/users', '/api/v2/users'],
    ['https://x.test', '/'],
  ])('%s → %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });
  it('puts the method in front when known', () => {
    expect(endpointName('/api/users/7', 'get')).toBe('GET /api/users/:id');
    expect(endpointName('/api/users/7')).toBe('/api/users/:id');
  });
});

function request(overrides: Partial<RequestRecord> & Pick<RequestRecord, 'url' | 't'>): RequestRecord {
  return {
    kind: 'request',
    viewId: 'v1',
    initiatorType: 'fetch',
    duration: 50,
    phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 40, download: 5 },
    transferSize: 100,
    encodedBodySize: 80,
    decodedBodySize: 80,
    status: 200,
    serverTiming: [],
    renderBlocking: '',
    cached: false,
    protocol: 'h2',
    ...overrides,
  };
}

function session(requests: RequestRecord[]): SessionData {
  return {
    session: { id: 's1', tabId: 1, name: 'demo', url: 'https://admin.example.com/', title: 'Admin', startTime: 0, endTime: 100_000, origin: 'captured', counts: { views: 1, samples: 0, requests: requests.length, alerts: 0 }, bytes: 0 },
    views: [],
    samples: [],
    requests,
    alerts: [],
  };
}

const captured = session([
  request({ url: 'https://admin.example.com/api/users?page=1', t: 1000, method: 'GET', serverTiming: [{ name: 'db', duration: 10, description: '' }, { name: 'total', duration: 30, description: '' }] }),
  request({ url: 'https://admin.example.com/api/users/1', t: 1100, method: 'GET', phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 20, download: 1 }, duration: 25 }),
  request({ url: 'https://admin.example.com/api/users/2', t: 3125, method: 'GET', phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 60, download: 1 }, duration: 65 }),
  request({ url: 'https://admin.example.com/api/users/3', t: 3290, method: 'GET', initiatorType: 'xmlhttprequest', phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 40, download: 1 } }),
  request({ url: 'https://admin.example.com/api/users/4', t: 3400, method: 'GET', cached: true }),
  request({ url: 'https://admin.example.com/logo.png', t: 1200, initiatorType: 'img' }),
  request({ url: 'https://admin.example.com/api/orders', t: 5000, viewId: 'v2', method: 'POST', serverTiming: [{ name: 'Total', duration: 200, description: '' }] }),
]);

describe('workloadFromSession', () => {
  const workload = workloadFromSession(captured, { users: 50 });

  it('groups fetch/XHR requests by method and route template, leaving out images and cache hits', () => {
    expect(workload.endpoints.map((e) => [e.name, e.weight])).toEqual([
      ['GET /api/users', 1],
      ['GET /api/users/:id', 3],
      ['POST /api/orders', 1],
    ]);
    expect(workload.source!.apiRequests).toBe(5);
    expect(workload.source!.skippedRequests).toBe(2);
  });

  it('takes server time from Server-Timing "total" where present, else the waiting phase', () => {
    expect(workload.endpoints[0]!.service).toEqual({ type: 'empirical', valuesMs: [30], meanMs: 30 });
    expect(workload.endpoints[0]!.observed!.serverTimeFrom).toBe('server-timing');
    expect(workload.endpoints[1]!.service).toEqual({ type: 'empirical', valuesMs: [20, 40, 60], meanMs: 40 });
    expect(workload.endpoints[1]!.observed!.serverTimeFrom).toBe('waiting');
    expect(workload.endpoints[2]!.service).toMatchObject({ valuesMs: [200] });
  });

  it('can fit a log-normal or an exponential instead of resampling', () => {
    const lognormal = workloadFromSession(captured, { serviceFit: 'lognormal' }).endpoints[1]!.service;
    expect(lognormal.type).toBe('lognormal');
    // ln 20, ln 40, ln 60: median = geometric mean = (20·40·60)^(1/3).
    expect(lognormal).toMatchObject({ medianMs: expect.closeTo(Math.cbrt(20 * 40 * 60), 9) });
    expect(workloadFromSession(captured, { serviceFit: 'exponential' }).endpoints[1]!.service).toEqual({ type: 'exponential', meanMs: 40 });
  });

  it('measures think time as the gaps between a view’s API requests (end of one to start of the next)', () => {
    // v1: 1000+50 → 1100 (50), 1100+25 → 3125 (2000), 3125+65 → 3290 (100). v2 has one request.
    expect(workload.model).toEqual({ kind: 'closed', users: 50, thinkTime: { type: 'empirical', valuesMs: [50, 100, 2000], meanMs: 2150 / 3 } });
  });

  it('builds an open model at a given rate', () => {
    const open = workloadFromSession(captured, { model: 'open', ratePerSec: 40 });
    expect(open.model).toEqual({ kind: 'open', users: 100, arrivals: { pattern: 'constant', ratePerSec: 40 } });
  });

  it('keeps at most maxSamples evenly spaced values', () => {
    const many = session(Array.from({ length: 1000 }, (_, i) => request({ url: `/api/x/${i}`, t: i * 1000, phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: i + 1, download: 0 } })));
    const service = workloadFromSession(many, { maxSamples: 10 }).endpoints[0]!.service;
    expect(service).toMatchObject({ type: 'empirical', valuesMs: [51, 151, 251, 351, 451, 551, 651, 751, 851, 951], meanMs: 500.5 });
  });

  it('is a valid workload that the engine runs', () => {
    expect(validateWorkload(workload)).toMatchObject({ endpoints: workload.endpoints, model: workload.model });
    const result = runSimulation({ seed: 1, durationMs: 60_000, workload, pool: { instances: 1, workersPerInstance: 4 } });
    expect(result.endpoints.map((e) => e.name)).toEqual(workload.endpoints.map((e) => e.name));
    expect(result.requests.completed).toBeGreaterThan(1000);
  });

  it('refuses a session without API requests', () => {
    expect(() => workloadFromSession(session([request({ url: '/logo.png', t: 1, initiatorType: 'img' })]))).toThrow(/no fetch\/XHR request/);
  });
});

describe('input files', () => {
  it('recognizes an exported session, bare or wrapped', () => {
    expect(classifyInput(captured).kind).toBe('session');
    expect(classifyInput({ format: 'admin-performance-session', version: 1, data: captured }).kind).toBe('session');
  });
  it('recognizes a workload and a full configuration', () => {
    expect(classifyInput({ endpoints: [], model: {} }).kind).toBe('workload');
    expect(classifyInput({ workload: {}, pool: {} }).kind).toBe('config');
  });
  it('names a bad request field in a session', () => {
    const broken = { ...captured, requests: [{ ...captured.requests[0], url: 42 }] };
    expect(() => classifyInput(broken)).toThrow('requests[0].url must be a string (got 42)');
    expect(() => classifyInput([1, 2])).toThrow(/input must be a JSON object/);
  });
});
