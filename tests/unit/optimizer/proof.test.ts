import { describe, expect, it } from 'vitest';
import {
  abSchedule,
  compareMetric,
  pageLoadFromSession,
  pageLoadsFromSession,
  PROOF_METHOD,
  provePlan,
  proveStrategy,
  type PageLoad,
} from '../../../src/core/optimizer/proof';
import { seededRandom } from '../../../src/core/stats';
import { loaf, PAGE, request, session, T0, view, vital } from './fixtures';

/** n loads with LCP drawn uniformly from [center − spread, center + spread). */
function loads(n: number, strategies: string[], center: number, spread: number, seed: number): PageLoad[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    viewId: `${strategies.join('+') || 'none'}-${i}`,
    url: PAGE,
    t: T0 + i * 1000,
    strategies,
    metrics: { LCP: center + (random() * 2 - 1) * spread, bytes: 500_000 + (random() * 2 - 1) * 1000 },
  }));
}

describe('proof of a strategy', () => {
  it('detects a clear improvement', () => {
    const data = [...loads(12, [], 3000, 200, 1), ...loads(12, ['lazy-load-images'], 2300, 200, 2)];
    const proof = proveStrategy(data, 'lazy-load-images', { metrics: ['LCP'] });
    expect(proof.method).toBe('Mann-Whitney U (two-sided, α=0.05)');
    expect(proof.method).toBe(PROOF_METHOD);
    expect(proof.subject).toEqual({ kind: 'strategy', strategyId: 'lazy-load-images' });
    expect([proof.loadsBefore, proof.loadsAfter]).toEqual([12, 12]);
    const lcp = proof.metrics[0]!;
    expect(lcp.verdict).toBe('improved');
    expect(lcp.pValue!).toBeLessThan(0.001);
    expect(lcp.test).toBe('exact');
    expect(lcp.changePercent!).toBeLessThan(-15);
    expect(lcp.ci95!.high).toBeLessThan(0);
    expect(lcp.before.n).toBe(12);
    expect(lcp.after.p75!).toBeGreaterThan(lcp.after.median!);
    expect(proof.summary).toMatch(/^LCP improved \d+% \(p = < 0.001\)$/);
  });

  it('detects a regression', () => {
    const data = [...loads(10, [], 2000, 100, 3), ...loads(10, ['reduce-motion'], 2600, 100, 4)];
    expect(proveStrategy(data, 'reduce-motion', { metrics: ['LCP'] }).metrics[0]!.verdict).toBe('regressed');
  });

  it('finds no significant change between identical distributions', () => {
    const before = loads(15, [], 3000, 400, 5);
    const after = before.map((load) => ({ ...load, viewId: `${load.viewId}-on`, strategies: ['decode'] })).reverse();
    const proof = proveStrategy([...before, ...after], 'decode', { metrics: ['LCP'] });
    expect(proof.metrics[0]!.verdict).toBe('no significant change');
    expect(proof.metrics[0]!.pValue!).toBeGreaterThan(0.9);
    expect(proof.metrics[0]!.ci95!.low).toBeLessThanOrEqual(0);
    expect(proof.metrics[0]!.ci95!.high).toBeGreaterThanOrEqual(0);
  });

  it('says "not enough data" with fewer than 3 loads a side', () => {
    const data = [...loads(2, [], 3000, 10, 6), ...loads(10, ['x'], 1000, 10, 7)];
    const lcp = proveStrategy(data, 'x', { metrics: ['LCP'] }).metrics[0]!;
    expect(lcp).toMatchObject({ verdict: 'not enough data', pValue: null, ci95: null });
    expect(lcp.before.n).toBe(2);
    expect(lcp.changePercent!).toBeLessThan(0);
  });

  it('ignores loads that did not measure a metric', () => {
    const data = loads(6, [], 1000, 10, 8).map((load, i) => (i % 2 ? { ...load, metrics: {} } : load));
    expect(compareMetric('LCP', data, data).before.n).toBe(3);
    expect(compareMetric('INP', data, data).verdict).toBe('not enough data');
  });

  it('covers every metric by default', () => {
    expect(proveStrategy([], 'x').metrics.map((m) => m.metric)).toEqual(['LCP', 'FCP', 'CLS', 'INP', 'loafMs', 'renderMs', 'bytes', 'requests']);
  });
});

describe('proof of a plan', () => {
  it('compares loads with exactly the plan against loads with nothing on', () => {
    const data = [
      ...loads(8, [], 3000, 100, 9),
      ...loads(8, ['a', 'b'], 2000, 100, 10),
      ...loads(8, ['b', 'a'], 2000, 100, 11),
      ...loads(8, ['a'], 100, 10, 12), // only part of the plan: left out
    ];
    const proof = provePlan(data, ['a', 'b'], { metrics: ['LCP'] });
    expect(proof.subject).toEqual({ kind: 'plan', strategyIds: ['a', 'b'] });
    expect([proof.loadsBefore, proof.loadsAfter]).toEqual([8, 16]);
    expect(proof.metrics[0]!.verdict).toBe('improved');
    expect(proof.metrics[0]!.test).toBe('exact');
  });
});

describe('pageLoadFromSession', () => {
  it('derives the metrics of a load from its view', () => {
    const v = view({ strategies: ['reduce-motion'] });
    const data = session({
      views: [v, view({ id: 'v2', startTime: T0 + 60_000 })],
      samples: [
        vital('LCP', 2000, { t: T0 + 2000 }),
        vital('LCP', 2500, { t: T0 + 2500 }),
        vital('CLS', 0.1),
        vital('INP', 120, { t: T0 + 30_000 }),
        loaf(100, { t: T0 + 1000, renderStart: 70 }),
        loaf(200, { t: T0 + 3000, renderStart: null }),
        loaf(500, { t: T0 + 20_000, renderStart: 0 }), // after the load window
        loaf(999, { viewId: 'v2' }),
      ],
      requests: [request({ transferSize: 1000 }), request({ transferSize: 0, cached: true }), request({ t: T0 + 15_000, transferSize: 5000 })],
    });
    expect(pageLoadFromSession(data, v)).toEqual({
      viewId: 'v1',
      url: PAGE,
      t: T0,
      strategies: ['reduce-motion'],
      metrics: { LCP: 2500, CLS: 0.1, INP: 120, loafMs: 300, renderMs: 30, bytes: 1000, requests: 2 },
    });
    expect(pageLoadFromSession(data, v, { loadWindowMs: 30_000 }).metrics).toMatchObject({ loafMs: 800, renderMs: 530, bytes: 6000, requests: 3 });
    expect(pageLoadsFromSession(data).map((load) => load.viewId)).toEqual(['v1', 'v2']);
  });
});

describe('abSchedule', () => {
  it('counterbalances off and on ABBA-style', () => {
    expect(abSchedule(8)).toEqual(['off', 'on', 'on', 'off', 'off', 'on', 'on', 'off']);
    expect(abSchedule(3)).toEqual(['off', 'on', 'on']);
    expect(abSchedule(0)).toEqual([]);
    const twenty = abSchedule(20);
    expect(twenty.filter((x) => x === 'on')).toHaveLength(10);
  });
});
