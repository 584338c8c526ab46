import { describe, expect, it } from 'vitest';
import { evaluate, type AlertRule, type Budget } from '../../../src/core/alerts';
import { seededRandom } from '../../../src/core/stats';
import { lcpViews, viewData } from './fixtures';

function noisy(n: number, center: number, spread: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => center + (random() * 2 - 1) * spread);
}

function regressionRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'slower',
    metric: { id: 'LCP' },
    comparison: '>',
    threshold: { value: 200, unit: 'ms' },
    severity: 'warning',
    trigger: { kind: 'baseline', views: 6, baseline: { source: 'earlier', views: 10 }, alpha: 0.05 },
    minViews: 1,
    clearAfter: 3,
    ...overrides,
  };
}

const budgets = (rule: AlertRule): Budget[] => [{ id: 'b', name: 'b', enabled: true, scope: { kind: 'all' }, rules: [rule], source: 'user' }];

describe('slower than baseline', () => {
  it('fires when the last views are significantly slower than the earlier ones by at least the amount', () => {
    const views = lcpViews([...noisy(10, 2000, 150, 1), ...noisy(6, 2600, 150, 2)]);
    const { opened } = evaluate(null, views, budgets(regressionRule()));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.alert.message).toMatch(/^LCP slower than baseline, median of the last 6 views vs [\d,]+ ms in \d+ baseline views \(\+\d+%, p = [\d.<\s]+\)/);
    expect(opened[0]!.alert.value).toBeGreaterThan(opened[0]!.alert.threshold);
  });

  it('does not fire on noise', () => {
    const views = lcpViews(noisy(16, 2000, 400, 3));
    expect(evaluate(null, views, budgets(regressionRule())).opened).toHaveLength(0);
  });

  it('does not fire when significant but smaller than the stated amount', () => {
    const views = lcpViews([...noisy(10, 2000, 20, 4), ...noisy(6, 2100, 20, 5)]);
    expect(evaluate(null, views, budgets(regressionRule())).opened).toHaveLength(0);
    expect(evaluate(null, views, budgets(regressionRule({ threshold: { value: 50, unit: 'ms' } }))).opened).toHaveLength(1);
    expect(evaluate(null, views, budgets(regressionRule({ threshold: { value: 50, unit: 'ms' }, trigger: { kind: 'baseline', views: 6, baseline: { source: 'earlier', views: 10 }, alpha: 0.05, minPercent: 10 } }))).opened).toHaveLength(0);
  });

  it('does not fire when faster', () => {
    const views = lcpViews([...noisy(10, 2600, 100, 6), ...noisy(6, 2000, 100, 7)]);
    expect(evaluate(null, views, budgets(regressionRule())).opened).toHaveLength(0);
  });

  it('needs the recent views and at least three baseline views', () => {
    expect(evaluate(null, lcpViews([1000, 1000, 3000, 3000, 3000, 3000, 3000, 3000]), budgets(regressionRule())).opened).toHaveLength(0);
    expect(evaluate(null, lcpViews([1000, 1000, 1000, 3000, 3000, 3000, 3000, 3000, 3000]), budgets(regressionRule())).opened).toHaveLength(1);
  });

  it('compares with a stored session’s views of the same page', () => {
    const stored = lcpViews(noisy(8, 1500, 100, 8), { sessionId: 'baseline-session' });
    const otherPage = lcpViews([9000, 9000, 9000], { sessionId: 'baseline-session', url: 'https://admin.example.com/other' });
    const rule = regressionRule({ trigger: { kind: 'baseline', views: 5, baseline: { source: 'session', sessionId: 'baseline-session' }, alpha: 0.05 } });
    const recent = lcpViews(noisy(5, 2200, 100, 9));
    expect(evaluate(null, recent, budgets(rule), { baselines: { 'baseline-session': [...stored, ...otherPage] } }).opened).toHaveLength(1);
    expect(evaluate(null, recent, budgets(rule), { baselines: {} }).opened).toHaveLength(0);
    expect(viewData().view.sessionId).toBe('s1');
  });
});
