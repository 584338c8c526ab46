import { describe, expect, it } from 'vitest';
import { describeAction, evaluate, proofMetricOf, reviewAutomaticAction, startAutomaticAction, undoAutomaticAction, type AlertRule, type Budget } from '../../../src/core/alerts';
import type { PageLoad } from '../../../src/core/optimizer/proof';
import { seededRandom } from '../../../src/core/stats';
import { lcpViews, PAGE, T0 } from './fixtures';

const rule: AlertRule = {
  id: 'lcp-auto',
  metric: { id: 'LCP' },
  comparison: '>',
  threshold: { value: 2500, unit: 'ms' },
  severity: 'warning',
  trigger: { kind: 'single' },
  minViews: 1,
  clearAfter: 1,
  action: { kind: 'enable-strategy', strategyId: 'content-visibility' },
};
const budgets: Budget[] = [{ id: 'b', name: 'b', enabled: true, scope: { kind: 'all' }, rules: [rule], source: 'user' }];

function opened() {
  return evaluate(null, lcpViews([3000]), budgets).opened[0]!;
}

function loads(n: number, on: boolean, center: number, from: number, seed: number): PageLoad[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    viewId: `${on ? 'on' : 'off'}-${i}`,
    url: `${PAGE}?n=${i}`,
    t: from + i * 1000,
    strategies: on ? ['content-visibility'] : [],
    metrics: { LCP: center + (random() * 2 - 1) * 100 },
  }));
}

describe('automated optimization triggers', () => {
  const at = T0 + 3_600_000;

  it('starts only for a rule that carries an action, and not when the strategy is already on', () => {
    const action = startAutomaticAction(opened(), PAGE, ['reduce-motion'], at)!;
    expect(action).toMatchObject({ kind: 'automatic-action', strategyId: 'content-visibility', pattern: PAGE, status: 'measuring', previousStrategies: ['reduce-motion'], ruleId: 'lcp-auto', t: at });
    expect(action.reason).toMatch(/^LCP 3,000 ms > 2,500 ms/);
    expect(startAutomaticAction(opened(), PAGE, ['content-visibility'], at)).toBeNull();
    const plain = { ...opened(), rule: { ...rule, action: undefined } };
    expect(startAutomaticAction(plain, PAGE, [], at)).toBeNull();
  });

  it('waits until there are enough loads with the strategy on', () => {
    const action = startAutomaticAction(opened(), PAGE, [], at)!;
    const review = reviewAutomaticAction(action, [...loads(6, false, 2000, at - 100_000, 1), ...loads(3, true, 2000, at, 2)], ['LCP'], at + 10_000);
    expect(review.decision).toBe('wait');
    expect(review.action).toBe(action);
  });

  it('switches it off when it made the metric significantly worse, with the evidence', () => {
    const action = startAutomaticAction(opened(), PAGE, [], at)!;
    const review = reviewAutomaticAction(action, [...loads(6, false, 2000, at - 100_000, 3), ...loads(6, true, 2600, at, 4)], ['LCP'], at + 20_000);
    expect(review.decision).toBe('revert');
    expect(review.action.status).toBe('reverted');
    expect(review.action.decidedAt).toBe(at + 20_000);
    expect(review.action.evidence!.summary).toMatch(/^LCP regressed \d+% \(p = /);
    expect(review.action.evidence!.metrics[0]).toMatchObject({ metric: 'LCP', verdict: 'regressed' });
    expect(review.action.evidence!.method).toMatch(/Mann-Whitney/);
    expect(describeAction(review.action)).toMatch(/switched off again — LCP regressed/);
  });

  it('keeps it with the measured gain when it helped or did no harm', () => {
    const action = startAutomaticAction(opened(), PAGE, [], at)!;
    const better = reviewAutomaticAction(action, [...loads(6, false, 3000, at - 100_000, 5), ...loads(6, true, 2200, at, 6)], ['LCP'], at + 20_000);
    expect(better.decision).toBe('keep');
    expect(better.action.evidence!.metrics[0]!.changePercent!).toBeLessThan(-15);
    expect(better.action.evidence!.summary).toMatch(/^LCP improved/);
    const same = reviewAutomaticAction(action, [...loads(6, false, 2000, at - 100_000, 7), ...loads(6, true, 2000, at, 8)], ['LCP'], at + 20_000);
    expect(same.decision).toBe('keep');
  });

  it('ignores loads of other pages and loads before the action with the strategy on', () => {
    const action = startAutomaticAction(opened(), `${PAGE}`, [], at)!;
    const elsewhere = loads(6, true, 9000, at, 9).map((load) => ({ ...load, url: 'https://admin.example.com/other' }));
    const review = reviewAutomaticAction(action, [...loads(6, false, 2000, at - 100_000, 10), ...elsewhere], ['LCP'], at + 20_000);
    expect(review.decision).toBe('wait');
    expect(review.proof.loadsAfter).toBe(0);
  });

  it('a load still being measured when the strategy switched on counts on neither side', () => {
    const action = startAutomaticAction(opened(), PAGE, [], at)!;
    const clean = loads(5, false, 2000, at - 100_000, 12);
    // Started 3 s before the switch, measured for 10 s: a live strategy changed it halfway.
    const halfway: PageLoad = { ...loads(1, false, 2600, at - 3000, 13)[0]!, viewId: 'halfway' };
    const after = loads(5, true, 2600, at + 1, 14);
    const review = reviewAutomaticAction(action, [...clean, halfway, ...after], ['LCP'], at + 20_000);
    expect(review.proof.loadsBefore).toBe(5);
    expect(review.decision).toBe('revert');
    // The same load ended before the switch when the next one started before it: it counts.
    const next: PageLoad = { ...loads(1, false, 2000, at - 1000, 15)[0]!, viewId: 'next' };
    const ended = reviewAutomaticAction(action, [...clean, { ...halfway, metrics: { LCP: 2000 } }, next, ...after], ['LCP'], at + 20_000);
    expect(ended.proof.loadsBefore).toBe(6);
  });

  it('an undo restores what was on before', () => {
    const action = startAutomaticAction(opened(), PAGE, ['reduce-motion'], at)!;
    const undone = undoAutomaticAction(action, at + 5);
    expect(undone.restore).toEqual(['reduce-motion']);
    expect(undone.action.status).toBe('undone');
    expect(reviewAutomaticAction(undone.action, loads(12, true, 9000, at, 11), ['LCP'], at + 9).decision).toBe('wait');
  });

  it('maps rule metrics to the proof’s metrics', () => {
    expect(proofMetricOf({ id: 'LCP' })).toBe('LCP');
    expect(proofMetricOf({ id: 'bytes', resourceType: 'total' })).toBe('bytes');
    expect(proofMetricOf({ id: 'bytes', resourceType: 'script' })).toBeNull();
    expect(proofMetricOf({ id: 'heapUsed' })).toBeNull();
  });
});
