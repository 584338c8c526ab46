import { describe, expect, it } from 'vitest';
import type { RequestRecord, SessionData, VitalSample } from '../../../src/core/model';
import { compareSessions, difference, routeKey } from '../../../src/core/sessions/compare';
import { quantile } from '../../../src/core/stats';
import { smallSession } from './helpers';

function edited(data: SessionData, edit: (request: RequestRecord) => RequestRecord | null): SessionData {
  return { ...data, requests: data.requests.map(edit).filter((request): request is RequestRecord => request !== null) };
}

function vital(viewId: string, name: VitalSample['name'], value: number, metricId: string, t: number): VitalSample {
  return { kind: 'vital', t, viewId, name, value, delta: value, rating: 'good', metricId, navigationType: 'navigate', attribution: {} };
}

describe('compareSessions', () => {
  const a = smallSession({ seed: 5, requests: 600 });

  it('finds nothing changed between a session and itself', () => {
    const result = compareSessions(a, a);
    expect(result.requests).toMatchObject({ added: [], removed: [], slower: [], faster: [], bigger: [], smaller: [] });
    expect(result.requests.unchanged).toBeGreaterThan(5);
    expect(result.metrics.requests).toEqual({ a: a.requests.length, b: a.requests.length, absolute: 0, percent: 0 });
  });

  it('matches requests by route, method and initiator type, and sorts out what changed', () => {
    const b = edited(a, (request) => {
      if (request.url.includes('/graphql')) return null;
      if (/\/api\/users\/\d+$/.test(request.url)) return { ...request, duration: request.duration * 3 + 100 };
      if (request.url.endsWith('.css')) return { ...request, transferSize: request.transferSize * 2 + 50_000 };
      if (request.url.includes('/api/reports/')) return { ...request, duration: request.duration / 4, url: request.url };
      return request;
    });
    b.requests.push({ ...b.requests[0]!, url: 'https://admin.example.test/api/new-feature/17', initiatorType: 'fetch', method: 'POST' });
    const result = compareSessions(a, b);
    expect(result.requests.removed.length).toBeGreaterThan(0);
    expect(result.requests.removed.every((route) => route.route === '/graphql')).toBe(true);
    expect(result.requests.added.map((route) => route.key)).toEqual(['POST /api/new-feature/:id fetch']);
    expect(result.requests.slower.length).toBeGreaterThan(0);
    expect(result.requests.slower.every((change) => change.b.route === '/api/users/:id')).toBe(true);
    expect(result.requests.faster.every((change) => change.b.route === '/api/reports/:id')).toBe(true);
    expect(result.requests.bigger.map((change) => change.b.route)).toContain('/static/app.:hash.css');
    const slower = result.requests.slower[0]!;
    expect(slower.duration.absolute).toBeCloseTo(slower.b.medianDuration - slower.a.medianDuration, 9);
    expect(result.metrics.requests.absolute).toBe(b.requests.length - a.requests.length);
  });

  it('ignores changes under the thresholds', () => {
    const b = edited(a, (request) => ({ ...request, duration: request.duration + 5 }));
    expect(compareSessions(a, b).requests.slower).toEqual([]);
    expect(compareSessions(a, b, { thresholds: { durationMs: 1, durationPercent: 0 } }).requests.slower.length).toBeGreaterThan(0);
  });

  it('compares vitals at p75 and median, each metric instance at its final value', () => {
    const base = { ...a, samples: [], alerts: [] };
    const sa: SessionData = {
      ...base,
      samples: [
        vital('view-1', 'LCP', 5000, 'm1', 1), // replaced by the later report of m1
        vital('view-1', 'LCP', 1000, 'm1', 2),
        vital('view-2', 'LCP', 2000, 'm2', 3),
        vital('view-3', 'LCP', 3000, 'm3', 4),
        vital('view-4', 'LCP', 4000, 'm4', 5),
      ],
    };
    const sb: SessionData = { ...base, samples: [vital('view-1', 'LCP', 1500, 'x1', 1), vital('view-2', 'LCP', 2500, 'x2', 2)] };
    const result = compareSessions(sa, sb);
    expect(result.vitals.LCP.p75).toEqual(difference(3250, 2250));
    expect(result.vitals.LCP.median).toEqual({ a: 2500, b: 2000, absolute: -500, percent: -20 });
    expect(result.vitals.LCP.ratingA).toBe('needs-improvement');
    expect(result.vitals.LCP.ratingB).toBe('good');
    expect(result.vitals.INP.p75).toEqual({ a: null, b: null, absolute: null, percent: null });
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
  });

  it('compares one view of each session when asked', () => {
    const viewA = a.views[1]!.id;
    const viewB = a.views[2]!.id;
    const result = compareSessions(a, a, { viewA, viewB });
    expect(result.a.viewId).toBe(viewA);
    expect(result.metrics.requests.a).toBe(a.requests.filter((r) => r.viewId === viewA).length);
    expect(result.metrics.requests.b).toBe(a.requests.filter((r) => r.viewId === viewB).length);
    expect(result.alerts.a.every((alert) => alert.viewId === viewA)).toBe(true);
  });

  it('reports peak heap, DOM nodes and long frames', () => {
    const result = compareSessions(a, { ...a, samples: a.samples.filter((s) => s.kind !== 'loaf') });
    expect(result.metrics.longFrames.b).toBe(0);
    expect(result.metrics.longFrames.percent).toBe(-100);
    expect(result.metrics.peakHeapBytes.absolute).toBe(0);
    expect(result.metrics.peakDomNodes.a).toBeGreaterThan(0);
    expect(routeKey(a.requests[0]!)).toMatch(/^(GET|POST|PUT) \/\S* \w+$/);
  });
});
