import { describe, expect, it } from 'vitest';
import { defaultBudget, describeRule, evaluate, robotsPathMatches, rulesForUrl, scopeMatches, type AlertRule, type Budget } from '../../../src/core/alerts';
import { VITAL_THRESHOLDS } from '../../../src/core/metrics/ratings';
import { lcpViews } from './fixtures';

const lcp = (id: string, value: number): AlertRule => ({
  id,
  metric: { id: 'LCP' },
  comparison: '>',
  threshold: { value, unit: 'ms' },
  severity: 'warning',
  trigger: { kind: 'single' },
  minViews: 1,
  clearAfter: 1,
});

const budget = (id: string, scope: Budget['scope'], rules: AlertRule[], enabled = true): Budget => ({ id, name: id, enabled, scope, rules, source: 'user' });

describe('scopes', () => {
  it('matches robots.txt paths as Lighthouse budget.json does', () => {
    expect(robotsPathMatches('/', '/anything')).toBe(true);
    expect(robotsPathMatches('/*', '/anything')).toBe(true);
    expect(robotsPathMatches('/blog', '/blog/post-1')).toBe(true);
    expect(robotsPathMatches('/blog', '/about')).toBe(false);
    expect(robotsPathMatches('/uk/*/shopping-cart$', '/uk/london/shopping-cart')).toBe(true);
    expect(robotsPathMatches('/uk/*/shopping-cart$', '/uk/london/shopping-cart/x')).toBe(false);
    expect(scopeMatches({ kind: 'path', path: '/reports' }, 'https://a.example/reports?x=1')).toBe(true);
    expect(scopeMatches({ kind: 'path', path: '/reports$' }, 'https://a.example/reports?x=1')).toBe(false);
  });

  it('matches origins, URL patterns and regular expressions', () => {
    expect(scopeMatches({ kind: 'origin', origin: 'https://A.example/' }, 'https://a.example/x')).toBe(true);
    expect(scopeMatches({ kind: 'origin', origin: 'https://a.example' }, 'https://b.example/x')).toBe(false);
    expect(scopeMatches({ kind: 'pattern', pattern: 'https://a.example/users/*' }, 'https://a.example/users/42')).toBe(true);
    expect(scopeMatches({ kind: 'regex', regex: 'https://[^/]+/admin/.*' }, 'https://a.example/admin/x')).toBe(true);
    expect(scopeMatches({ kind: 'regex', regex: '(' }, 'https://a.example/')).toBe(false);
  });
});

describe('last matching budget wins', () => {
  const budgets = [budget('global', { kind: 'all' }, [lcp('global-lcp', 2500)]), budget('reports', { kind: 'path', path: '/reports' }, [lcp('reports-lcp', 4000)])];

  it('a later, narrower budget overrides the global one for the metrics it sets', () => {
    expect(rulesForUrl(budgets, 'https://a.example/reports').map((rule) => rule.id)).toEqual(['reports-lcp']);
    expect(rulesForUrl(budgets, 'https://a.example/users').map((rule) => rule.id)).toEqual(['global-lcp']);
  });

  it('order decides, not specificity', () => {
    expect(rulesForUrl([...budgets].reverse(), 'https://a.example/reports').map((rule) => rule.id)).toEqual(['global-lcp']);
  });

  it('metrics the later budget does not set fall through to earlier ones', () => {
    const cls: AlertRule = { ...lcp('global-cls', 0.1), metric: { id: 'CLS' }, threshold: { value: 0.1, unit: 'unitless' } };
    const withCls = [budget('global', { kind: 'all' }, [lcp('global-lcp', 2500), cls]), budgets[1]!];
    expect(rulesForUrl(withCls, 'https://a.example/reports').map((rule) => rule.id).sort()).toEqual(['global-cls', 'reports-lcp']);
  });

  it('a switched-off budget does not match', () => {
    expect(rulesForUrl([budgets[0]!, { ...budgets[1]!, enabled: false }], 'https://a.example/reports').map((rule) => rule.id)).toEqual(['global-lcp']);
  });

  it('drives evaluation: a 3 s LCP alerts on /users, not on /reports', () => {
    const users = lcpViews([3000], { url: 'https://a.example/users' });
    const reports = lcpViews([3000], { url: 'https://a.example/reports' });
    expect(evaluate(null, [...users, ...reports], budgets).opened.map((opened) => opened.alert.url)).toEqual(['https://a.example/users']);
  });
});

describe('defaults', () => {
  it('are the Core Web Vitals thresholds, warning and critical at the p75, from the ratings table', () => {
    const rules = defaultBudget().rules;
    expect(rules).toHaveLength(10);
    for (const [name, [good, poor]] of Object.entries(VITAL_THRESHOLDS)) {
      const mine = rules.filter((rule) => rule.metric.id === name);
      expect(mine.map((rule) => [rule.severity, rule.threshold.value])).toEqual([['warning', good], ['critical', poor]]);
      expect(mine.every((rule) => rule.trigger.kind === 'p75' && rule.comparison === '>')).toBe(true);
    }
    expect(rules.find((rule) => rule.metric.id === 'CLS')!.threshold.unit).toBe('unitless');
    expect([VITAL_THRESHOLDS.LCP, VITAL_THRESHOLDS.INP, VITAL_THRESHOLDS.CLS, VITAL_THRESHOLDS.FCP, VITAL_THRESHOLDS.TTFB]).toEqual([[2500, 4000], [200, 500], [0.1, 0.25], [1800, 3000], [800, 1800]]);
  });

  it('a poor page opens a warning and a critical alert once it has enough views', () => {
    const views = lcpViews([4500, 4600, 4700, 4400]);
    expect(evaluate(null, views, [defaultBudget()]).opened).toHaveLength(0);
    const five = evaluate(null, [...views, ...lcpViews([4800])], [defaultBudget()]);
    expect(five.opened.map((opened) => opened.alert.severity).sort()).toEqual(['critical', 'warning']);
  });

  it('reads in one line', () => {
    expect(describeRule(defaultBudget().rules[0]!)).toBe('LCP > 2,500 ms (p75 of the last 20 views) → warning');
  });
});
