import { describe, expect, it } from 'vitest';
import { BudgetFileError, defaultBudget, evaluate, exportBudgetFile, parseBudgetFile, rulesForUrl, type Budget } from '../../../src/core/alerts';
import { viewData } from './fixtures';

function errorOf(text: string): BudgetFileError {
  try {
    parseBudgetFile(text);
  } catch (error) {
    if (error instanceof BudgetFileError) return error;
    throw error;
  }
  throw new Error('expected a BudgetFileError');
}

describe('our budget file', () => {
  const budgets: Budget[] = [
    defaultBudget(),
    {
      id: 'reports',
      name: 'Reports page',
      enabled: false,
      scope: { kind: 'pattern', pattern: 'https://admin.example.com/reports*' },
      source: 'user',
      rules: [
        {
          id: 'reports-js',
          metric: { id: 'bytes', resourceType: 'script' },
          comparison: '>',
          threshold: { value: 300, unit: 'KiB' },
          severity: 'critical',
          trigger: { kind: 'consistently', breaches: 2, views: 3 },
          minViews: 2,
          clearAfter: 2,
          action: { kind: 'enable-strategy', strategyId: 'lazy-load-images' },
        },
        {
          id: 'reports-slower',
          metric: { id: 'routeP95', route: 'GET /api/reports/:id' },
          comparison: '>',
          threshold: { value: 100, unit: 'ms' },
          severity: 'warning',
          trigger: { kind: 'baseline', views: 5, baseline: { source: 'earlier', views: 10 }, alpha: 0.05, minPercent: 10 },
          minViews: 1,
          clearAfter: 3,
        },
      ],
    },
  ];

  it('round-trips through export and import unchanged', () => {
    const text = exportBudgetFile(budgets);
    expect(JSON.parse(text)).toMatchObject({ format: 'admin-performance-budgets', version: 1 });
    expect(parseBudgetFile(text)).toEqual({ format: 'admin-performance', budgets, ignored: [] });
  });

  it('names the wrong field', () => {
    const file = JSON.parse(exportBudgetFile(budgets));
    const broken = (mutate: (f: typeof file) => void) => {
      const copy = structuredClone(file);
      mutate(copy);
      return errorOf(JSON.stringify(copy));
    };
    expect(broken((f) => (f.budgets[1].rules[0].threshold.unit = 'ms')).field).toBe('budgets[1].rules[0].threshold.unit');
    expect(broken((f) => (f.budgets[1].rules[0].threshold.unit = 'ms')).message).toMatch(/does not measure a size/);
    expect(broken((f) => (f.budgets[0].rules[3].severity = 'fatal')).field).toBe('budgets[0].rules[3].severity');
    expect(broken((f) => (f.budgets[1].rules[0].metric.resourceType = 'js')).field).toBe('budgets[1].rules[0].metric.resourceType');
    expect(broken((f) => (f.budgets[1].rules[0].trigger.breaches = 4)).field).toBe('budgets[1].rules[0].trigger.breaches');
    expect(broken((f) => (f.budgets[1].scope = { kind: 'pattern', pattern: 'not a url' })).field).toBe('budgets[1].scope.pattern');
    expect(broken((f) => (f.budgets[1].rules[1].id = f.budgets[1].rules[0].id)).field).toBe('budgets[1].rules[1].id');
    expect(broken((f) => (f.version = 2)).field).toBe('version');
    expect(broken((f) => (f.budgets[0].rules[0].threshold.value = -1)).message).toMatch(/^budgets\[0\]\.rules\[0\]\.threshold\.value: must be a number ≥ 0, got -1$/);
  });
});

describe('Lighthouse budget.json', () => {
  const file = JSON.stringify([
    {
      path: '/*',
      timings: [
        { metric: 'largest-contentful-paint', budget: 2500 },
        { metric: 'cumulative-layout-shift', budget: 0.1 },
        { metric: 'interactive', budget: 5000 },
      ],
      resourceSizes: [
        { resourceType: 'script', budget: 150 },
        { resourceType: 'total', budget: 300 },
      ],
      resourceCounts: [{ resourceType: 'third-party', budget: 10 }],
    },
    { path: '/reports', resourceSizes: [{ resourceType: 'total', budget: 200 }] },
  ]);

  it('reads timings in ms, sizes in KiB and counts', () => {
    const parsed = parseBudgetFile(file, { idPrefix: 'imp1' });
    expect(parsed.format).toBe('lighthouse-budget');
    expect(parsed.budgets.map((budget) => budget.scope)).toEqual([{ kind: 'all' }, { kind: 'path', path: '/reports' }]);
    const [first] = parsed.budgets;
    expect(first!.rules.map((rule) => [rule.id, rule.threshold])).toEqual([
      ['imp1:0:LCP:critical', { value: 2500, unit: 'ms' }],
      ['imp1:0:CLS:critical', { value: 0.1, unit: 'unitless' }],
      ['imp1:0:bytes:script:critical', { value: 150, unit: 'KiB' }],
      ['imp1:0:bytes:total:critical', { value: 300, unit: 'KiB' }],
      ['imp1:0:requests:third-party:critical', { value: 10, unit: 'count' }],
    ]);
    expect(parsed.ignored).toEqual([{ field: '[0].timings[2].metric', reason: '"interactive" is a lab metric of a Lighthouse run, not measured in real page loads' }]);
  });

  it('KiB are 1024 bytes: 150 KiB of script is over budget at 153,601 bytes, not at 153,600', () => {
    const { budgets } = parseBudgetFile(file);
    const script = (bytes: number) => viewData({ url: 'https://admin.example.com/users', requests: [{ url: 'https://admin.example.com/app.js', initiatorType: 'script', transferSize: bytes }] });
    const fired = (bytes: number) => evaluate(null, [script(bytes)], budgets).opened.map((opened) => opened.alert.metric);
    expect(fired(153_600)).not.toContain('Bytes (script)');
    expect(fired(153_601)).toContain('Bytes (script)');
    const alert = evaluate(null, [script(160_000)], budgets).opened.find((opened) => opened.alert.metric === 'Bytes (script)')!.alert;
    expect([alert.value, alert.threshold, alert.unit]).toEqual([160_000, 153_600, 'B']);
  });

  it('the last matching budget wins: /reports gets 200 KiB total, and keeps the global script budget', () => {
    const { budgets } = parseBudgetFile(file);
    const rules = rulesForUrl(budgets, 'https://admin.example.com/reports/2024');
    expect(rules.find((rule) => rule.metric.id === 'bytes' && rule.metric.resourceType === 'total')!.threshold.value).toBe(200);
    expect(rules.some((rule) => rule.metric.id === 'bytes' && rule.metric.resourceType === 'script')).toBe(true);
  });

  it('rejects malformed budgets naming the field', () => {
    expect(errorOf('[{"path": "reports"}]').field).toBe('[0].path');
    expect(errorOf('[{"resourceSizes": [{"resourceType": "js", "budget": 1}]}]').field).toBe('[0].resourceSizes[0].resourceType');
    expect(errorOf('[{"resourceSizes": [{"resourceType": "script", "budget": "150"}]}]').field).toBe('[0].resourceSizes[0].budget');
    expect(errorOf('[{"timings": {"metric": "largest-contentful-paint"}}]').field).toBe('[0].timings');
    expect(errorOf('[{"timings": [{"metric": "interactive", "budget": 1}]}]').message).toMatch(/no budget this extension can evaluate; ignored: \[0\]\.timings\[0\]\.metric/);
  });
});

describe('lighthouserc assertions', () => {
  const rc = {
    ci: {
      collect: { numberOfRuns: 3 },
      assert: {
        preset: 'lighthouse:recommended',
        assertions: {
          'largest-contentful-paint': ['warn', { maxNumericValue: 2500 }],
          'first-contentful-paint': ['error', { maxNumericValue: 1800, aggregationMethod: 'pessimistic' }],
          'cumulative-layout-shift': ['error', { maxNumericValue: 0.1, aggregationMethod: 'optimistic' }],
          'total-blocking-time': ['warn', { maxNumericValue: 300 }],
          'server-response-time': ['warn', { maxNumericValue: 600 }],
          'resource-summary:script:size': ['error', { maxNumericValue: 150000 }],
          'resource-summary:third-party:count': ['warn', { maxNumericValue: 5 }],
          'categories:performance': ['error', { minScore: 0.9 }],
          'uses-responsive-images': 'off',
          'speed-index': ['warn', { maxNumericValue: 3000 }],
          'dom-size': ['warn', { maxNumericValue: 1500 }],
        },
        assertMatrix: [{ matchingUrlPattern: 'https://[^/]+/reports.*', assertions: { 'largest-contentful-paint': ['error', { maxNumericValue: 4000 }] } }],
      },
    },
  };

  it('reads maxNumericValue of captured metrics, levels as severities, sizes in bytes', () => {
    const parsed = parseBudgetFile(JSON.stringify(rc), { idPrefix: 'rc' });
    expect(parsed.format).toBe('lighthouserc');
    const rules = parsed.budgets[0]!.rules;
    expect(rules.map((rule) => [rule.metric, rule.threshold, rule.severity])).toEqual([
      [{ id: 'LCP' }, { value: 2500, unit: 'ms' }, 'warning'],
      [{ id: 'FCP' }, { value: 1800, unit: 'ms' }, 'critical'],
      [{ id: 'CLS' }, { value: 0.1, unit: 'unitless' }, 'critical'],
      [{ id: 'tbt' }, { value: 300, unit: 'ms' }, 'warning'],
      [{ id: 'TTFB' }, { value: 600, unit: 'ms' }, 'warning'],
      [{ id: 'bytes', resourceType: 'script' }, { value: 150000, unit: 'B' }, 'critical'],
      [{ id: 'requests', resourceType: 'third-party' }, { value: 5, unit: 'count' }, 'warning'],
      [{ id: 'domNodes' }, { value: 1500, unit: 'count' }, 'warning'],
    ]);
    expect(rules[0]!.trigger).toEqual({ kind: 'consistently', breaches: 2, views: 3 });
    expect(rules[1]!.trigger).toEqual({ kind: 'single' });
    expect(rules[2]!.trigger).toEqual({ kind: 'consistently', breaches: 3, views: 3 });
    expect(parsed.budgets[1]!.scope).toEqual({ kind: 'regex', regex: 'https://[^/]+/reports.*' });
  });

  it('lists every key it cannot evaluate, with the reason', () => {
    const { ignored } = parseBudgetFile(JSON.stringify(rc));
    expect(ignored.map((entry) => entry.field)).toEqual([
      'ci.assert.preset',
      'ci.assert.assertions.categories:performance',
      'ci.assert.assertions.uses-responsive-images',
      'ci.assert.assertions.speed-index',
    ]);
    expect(ignored[1]!.reason).toBe('category scores come from a Lighthouse lab run');
    expect(ignored[2]!.reason).toBe('switched off');
  });

  it('accepts a bare assert section and rejects bad levels and patterns naming the field', () => {
    expect(parseBudgetFile(JSON.stringify({ assert: { assertions: { 'dom-size': ['error', { maxNumericValue: 800 }] } } })).budgets).toHaveLength(1);
    expect(errorOf(JSON.stringify({ ci: { assert: { assertions: { 'dom-size': ['fatal', {}] } } } })).field).toBe('ci.assert.assertions.dom-size');
    expect(errorOf(JSON.stringify({ ci: { assert: { assertions: { 'dom-size': ['warn', { maxNumericValue: 'x' }] } } } })).field).toBe('ci.assert.assertions.dom-size[1].maxNumericValue');
    expect(errorOf(JSON.stringify({ ci: { assert: { assertMatrix: [{ matchingUrlPattern: '(', assertions: {} }] } } })).field).toBe('ci.assert.assertMatrix[0].matchingUrlPattern');
    expect(errorOf(JSON.stringify({ ci: { collect: {} } })).field).toBe('ci.assert');
  });
});

describe('sitespeed.io budget', () => {
  const file = {
    budget: {
      googleWebVitals: { largestContentfulPaint: 2500, cumulativeLayoutShift: 0.1, totalBlockingTime: 200 },
      timings: { firstPaint: 1000, SpeedIndex: 1200 },
      requests: { total: 89, javascript: 10, httpErrors: 0 },
      transferSize: { total: 400000, javascript: 100000, image: 200000 },
      thirdParty: { requests: 3 },
      score: { performance: 90 },
      'https://admin.example.com/reports': { googleWebVitals: { largestContentfulPaint: 4000 } },
      myAlias: { timings: { SpeedIndex: 3000 } },
    },
  };

  it('reads limits in bytes and ms, with per-URL overrides last', () => {
    const parsed = parseBudgetFile(JSON.stringify(file));
    expect(parsed.format).toBe('sitespeed');
    const rules = parsed.budgets[0]!.rules;
    expect(rules.find((rule) => rule.metric.id === 'bytes' && rule.metric.resourceType === 'script')!.threshold).toEqual({ value: 100000, unit: 'B' });
    expect(rules.find((rule) => rule.metric.id === 'requests' && rule.metric.resourceType === 'script')!.threshold).toEqual({ value: 10, unit: 'count' });
    expect(rules.find((rule) => rule.metric.id === 'requests' && rule.metric.resourceType === 'third-party')!.threshold.value).toBe(3);
    expect(parsed.budgets[1]!.scope).toEqual({ kind: 'pattern', pattern: 'https://admin.example.com/reports' });
    const lcpOn = (url: string) => rulesForUrl(parsed.budgets, url).find((rule) => rule.metric.id === 'LCP')!.threshold.value;
    expect(lcpOn('https://admin.example.com/reports?x=1')).toBe(4000);
    expect(lcpOn('https://admin.example.com/users')).toBe(2500);
  });

  it('bytes, not KiB: 100,000 B of script is over budget at 100,001 bytes', () => {
    const { budgets } = parseBudgetFile(JSON.stringify(file));
    const view = (bytes: number) => viewData({ url: 'https://admin.example.com/users', requests: [{ url: 'https://admin.example.com/app.js', initiatorType: 'script', transferSize: bytes }] });
    const fired = (bytes: number) => evaluate(null, [view(bytes)], budgets).opened.map((opened) => opened.alert.metric);
    expect(fired(100_000)).not.toContain('Bytes (script)');
    expect(fired(100_001)).toContain('Bytes (script)');
  });

  it('lists what it cannot evaluate', () => {
    const { ignored } = parseBudgetFile(JSON.stringify(file));
    expect(ignored.map((entry) => entry.field)).toEqual(['budget.myAlias', 'budget.timings.firstPaint', 'budget.timings.SpeedIndex', 'budget.requests.httpErrors', 'budget.score']);
  });

  it('rejects a limit that is not a number, naming it', () => {
    expect(errorOf(JSON.stringify({ budget: { transferSize: { total: '400 KB' } } })).field).toBe('budget.transferSize.total');
    expect(errorOf(JSON.stringify({ budget: { requests: 5 } })).field).toBe('budget.requests');
  });
});

describe('malformed files', () => {
  it('says what is wrong when the file is not JSON or not a budget file', () => {
    expect(errorOf('{"budget": ').message).toMatch(/^the file is not valid JSON \(.+\); budget files are JSON$/);
    expect(errorOf('{"hello": 1}').message).toMatch(/^not a budget file this extension reads: expected our export/);
    expect(errorOf('{"format": "something-else"}').field).toBe('format');
    expect(errorOf('42').message).toMatch(/not a budget file/);
  });
});
