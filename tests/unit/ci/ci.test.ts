import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import {
  aggregateRuns,
  buildReport,
  CiInputError,
  compareWithBaseline,
  createBaseline,
  exitCodeOf,
  measureRun,
  parseBaseline,
  smallestPossiblePValue,
  writeJUnit,
  xmlEscape,
  type BudgetCheck,
  type RunValues,
} from '../../../src/core/ci/index';
import { mannWhitneyU } from '../../../src/core/stats';
import { smallSession } from '../sessions/helpers';

const NOW = Date.UTC(2026, 11, 1, 8, 0, 0);

function runs(lcps: number[], extra: Partial<RunValues> = {}): RunValues[] {
  return lcps.map((lcp) => ({ LCP: lcp, FCP: lcp / 2, TTFB: 50, CLS: 0.01, INP: null, tbt: 0, loafMs: 0, requests: 20, bytes: 100_000, ...extra }));
}

describe('measureRun and aggregateRuns', () => {
  it('measures a recorded session with the session summary', () => {
    const data = smallSession();
    const values = measureRun(data);
    expect(values.requests).toBe(data.requests.length);
    expect(values.bytes).toBe(data.requests.reduce((sum, r) => sum + r.transferSize, 0));
    expect(values.LCP).toBeGreaterThan(0);
  });

  it('gives median and p75 of the runs that measured each metric', () => {
    const aggregates = aggregateRuns(runs([100, 200, 300, 400]));
    const lcp = aggregates.find((a) => a.metric === 'LCP')!;
    expect(lcp).toMatchObject({ n: 4, median: 250, p75: 325, values: [100, 200, 300, 400], unit: 'ms' });
    expect(aggregates.find((a) => a.metric === 'INP')).toMatchObject({ n: 0, median: null, p75: null });
  });
});

describe('baseline file', () => {
  it('round-trips the per-run values', () => {
    const baseline = createBaseline('http://app.test/', 4, aggregateRuns(runs([100, 200, 300, 400])), NOW);
    const parsed = parseBaseline(JSON.stringify(baseline));
    expect(parsed).toEqual(baseline);
    expect(parsed.metrics.LCP?.values).toEqual([100, 200, 300, 400]);
    expect(parsed.metrics.INP).toBeUndefined();
  });

  it('names the bad field', () => {
    const good = createBaseline('http://app.test/', 4, aggregateRuns(runs([100, 200, 300, 400])), NOW);
    const cases: [unknown, string, RegExp][] = [
      [{ ...good, format: 'x' }, 'format', /expected "admin-performance-baseline"/],
      [{ ...good, version: 2 }, 'version', /expected 1/],
      [{ ...good, runs: 0 }, 'runs', /whole number/],
      [{ ...good, metrics: { LCP: { unit: 'ms', values: [1, 'x'] } } }, 'metrics.LCP.values[1]', /expected a number/],
      [{ ...good, metrics: { LCP: { unit: 's', values: [1] } } }, 'metrics.LCP.unit', /expected "ms"/],
      [{ ...good, metrics: { SPEED: { unit: 'ms', values: [1] } } }, 'metrics.SPEED', /unknown metric/],
    ];
    for (const [value, field, message] of cases) {
      const error = (() => {
        try {
          parseBaseline(JSON.stringify(value), 'base.json');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(CiInputError);
      expect((error as CiInputError).field).toBe(field);
      expect((error as CiInputError).message).toMatch(message);
      expect((error as CiInputError).file).toBe('base.json');
    }
    expect(() => parseBaseline('{oops')).toThrow(/not JSON/);
  });
});

describe('compareWithBaseline', () => {
  const baseline = createBaseline('http://app.test/', 6, aggregateRuns(runs([300, 310, 295, 305, 290, 315])), NOW);

  it('reports a clearly slower LCP as worse with its p-value', () => {
    const checks = compareWithBaseline(baseline, aggregateRuns(runs([420, 430, 415, 440, 425, 435])));
    const lcp = checks.find((c) => c.metric === 'LCP')!;
    expect(lcp.verdict).toBe('worse');
    expect(lcp.pValue).toBeLessThan(0.01);
    expect(lcp.difference).toBeCloseTo(125, 5);
    expect(checks.find((c) => c.metric === 'TTFB')!.verdict).toBe('no change');
  });

  it('reports a faster one as better, and noise as no change', () => {
    expect(compareWithBaseline(baseline, aggregateRuns(runs([200, 205, 195, 210, 190, 200]))).find((c) => c.metric === 'LCP')!.verdict).toBe('better');
    expect(compareWithBaseline(baseline, aggregateRuns(runs([305, 290, 312, 298, 301, 309]))).find((c) => c.metric === 'LCP')!.verdict).toBe('no change');
  });

  it('a significant change smaller than the minimum effect is no change', () => {
    const checks = compareWithBaseline(baseline, aggregateRuns(runs([310, 320, 305, 315, 300, 325])), { minEffect: { LCP: 50 } });
    const lcp = checks.find((c) => c.metric === 'LCP')!;
    expect(lcp.verdict).toBe('no change');
  });

  it('does not compare when the run counts cannot give a significant result, and says why', () => {
    const lcp = compareWithBaseline(baseline, aggregateRuns(runs([900]))).find((c) => c.metric === 'LCP')!;
    expect(lcp.verdict).toBe('not compared');
    expect(lcp.reason).toMatch(/needs 2 runs on each side \(baseline 6, this run 1\)/);
    const three = createBaseline('http://app.test/', 3, aggregateRuns(runs([300, 310, 295])), NOW);
    const far = compareWithBaseline(three, aggregateRuns(runs([900, 950, 990]))).find((c) => c.metric === 'LCP')!;
    expect(far.verdict).toBe('not compared');
    expect(far.reason).toMatch(/cannot reach p < 0.05 \(smallest possible p = 0.100\); use at least 4 runs on each side/);
    const four = createBaseline('http://app.test/', 4, aggregateRuns(runs([300, 310, 295, 305])), NOW);
    expect(compareWithBaseline(four, aggregateRuns(runs([900, 950, 990, 920]))).find((c) => c.metric === 'LCP')!.verdict).toBe('worse');
  });

  it('knows the smallest p-value of each pair of sizes', () => {
    expect(smallestPossiblePValue(3, 3)).toBeCloseTo(0.1, 10);
    expect(smallestPossiblePValue(4, 4)).toBeCloseTo(2 / 70, 10);
    expect(smallestPossiblePValue(3, 5)).toBeCloseTo(2 / 56, 10);
    // The exact test on completely separated samples gives exactly that floor.
    expect(mannWhitneyU([5, 6, 7, 8], [1, 2, 3, 4]).pValue).toBeCloseTo(2 / 70, 10);
  });
});

const failingBudget: BudgetCheck = {
  name: 'LCP ≤ 2,500 ms on /users',
  budget: 'Core <Web> Vitals & more',
  metric: 'Largest Contentful Paint',
  value: '3,120 ms',
  limit: '≤ 2,500 ms',
  url: 'http://app.test/users?q="a"&b=<c>',
  passed: false,
  message: 'Largest Contentful Paint 3,120 ms on http://app.test/users?q="a"&b=<c> exceeds the budget ≤ 2,500 ms',
};

describe('report and JUnit XML', () => {
  const base = createBaseline('http://app.test/', 6, aggregateRuns(runs([300, 310, 295, 305, 290, 315])), NOW);
  const current = aggregateRuns(runs([420, 430, 415, 440, 425, 435]));
  const report = buildReport({
    url: 'http://app.test/',
    flow: null,
    startedAt: NOW,
    finishedAt: NOW + 60_000,
    aggregates: current,
    budgets: [failingBudget, { ...failingBudget, name: 'Requests ≤ 50', metric: 'Requests', passed: true, message: 'ok' }],
    budgetFile: { path: 'budget.json', format: 'Lighthouse budget.json', ignored: [] },
    regressions: compareWithBaseline(base, current),
    baselineFile: 'baseline.json',
    sessions: [],
    runs: 6,
  });

  it('fails when a budget or a regression check fails', () => {
    expect(report.passed).toBe(false);
    expect(exitCodeOf(report)).toBe(1);
    expect(report.failures.some((line) => line.startsWith('regression: Largest Contentful Paint (LCP) is worse'))).toBe(true);
    const passing = buildReport({ ...report, startedAt: NOW, finishedAt: NOW, aggregates: current, budgets: [], regressions: [], baselineFile: null, budgetFile: null, sessions: [] });
    expect(exitCodeOf(passing)).toBe(0);
  });

  it('writes well-formed JUnit XML: a testcase per check, failures naming metric, value, budget and URL', () => {
    const xml = writeJUnit(report);
    const window = new Window();
    const doc = new window.DOMParser().parseFromString(xml, 'application/xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const cases = [...doc.querySelectorAll('testcase')];
    expect(cases).toHaveLength(2 + report.regressions.length);
    const failures = [...doc.querySelectorAll('failure')];
    const worse = report.regressions.filter((check) => check.verdict === 'worse').map((check) => check.metric);
    expect(worse).toEqual(['LCP', 'FCP']);
    expect(failures).toHaveLength(1 + worse.length);
    const budgetFailure = failures.find((f) => f.getAttribute('type') === 'budget')!;
    expect(budgetFailure.getAttribute('message')).toBe(failingBudget.message);
    expect(budgetFailure.textContent).toContain('value: 3,120 ms');
    expect(budgetFailure.textContent).toContain('budget: ≤ 2,500 ms');
    expect(budgetFailure.textContent).toContain('url: http://app.test/users?q="a"&b=<c>');
    expect(budgetFailure.parentElement!.getAttribute('classname')).toBe('budgets.Core <Web> Vitals & more');
    const regression = failures.find((f) => f.getAttribute('type') === 'regression' && f.getAttribute('message')!.includes('(LCP)'))!;
    expect(regression.getAttribute('message')).toMatch(/Largest Contentful Paint \(LCP\) is worse on http:\/\/app\.test\/: median 428 ms against 303 ms in the baseline \(\+41\.\d %, p = 0\.00\d/);
    expect(doc.querySelector('testsuites')!.getAttribute('failures')).toBe('3');
  });

  it('escapes XML and drops characters XML cannot hold', () => {
    expect(xmlEscape(`a<b>&"c"'d'\u0001e`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e');
  });
});
