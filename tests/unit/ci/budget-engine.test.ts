import { describe, expect, it } from 'vitest';
import { budgetEngine, CiInputError, ruleForRuns } from '../../../src/core/ci/index';
import { defaultBudget } from '../../../src/core/alerts/index';
import type { SessionData } from '../../../src/core/model';
import { createSyntheticSession } from '../../fixtures/sessions/synthetic';

/** N runs of one page: each a session with one view of the same URL. */
function runsOf(count: number): SessionData[] {
  return Array.from({ length: count }, (_, index) => {
    const data = createSyntheticSession({ seed: index + 1, samples: 200, requests: 40, views: 1 });
    const view = { ...data.views[0]!, url: 'https://admin.example.test/users' };
    return { ...data, views: [view], samples: data.samples.map((s) => ({ ...s, viewId: view.id })), requests: data.requests.map((r) => ({ ...r, viewId: view.id })) };
  });
}

const budgetFile = (lcp: number) => JSON.stringify([{ path: '/*', timings: [{ metric: 'largest-contentful-paint', budget: lcp }] }]);

describe('budget checks on the alerts engine', () => {
  it('judges the p75 over the runs against a Lighthouse budget', () => {
    const runs = runsOf(4);
    const tight = budgetEngine.check(runs, budgetEngine.load(budgetFile(1), 'budget.json'));
    expect(tight).toHaveLength(1);
    expect(tight[0]).toMatchObject({ passed: false, metric: 'Largest Contentful Paint', limit: '≤ 1 ms', url: 'https://admin.example.test/users' });
    expect(tight[0]!.message).toMatch(/^Largest Contentful Paint [\d,]+ ms \(p75 of 4 runs; 4 of the last 4 runs over 1 ms\) on https:\/\/admin\.example\.test\/users breaks the budget ≤ 1 ms/);
    const generous = budgetEngine.check(runs, budgetEngine.load(budgetFile(600_000), 'budget.json'));
    expect(generous[0]).toMatchObject({ passed: true });
  });

  it('names the bad field of a budget file', () => {
    try {
      budgetEngine.load(JSON.stringify([{ path: '/*', timings: [{ metric: 'largest-contentful-paint', budget: 'fast' }] }]), 'budget.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CiInputError);
      expect((error as CiInputError).field).toBe('[0].timings[0].budget');
      expect((error as CiInputError).message).toBe('must be a number ≥ 0, got "fast"');
      expect((error as CiInputError).file).toBe('budget.json');
    }
  });

  it('stretches each trigger over all runs', () => {
    const [rule] = defaultBudget().rules;
    expect(ruleForRuns({ ...rule!, trigger: { kind: 'single' } }, 5)?.trigger).toEqual({ kind: 'consistently', breaches: 1, views: 5 });
    expect(ruleForRuns({ ...rule!, trigger: { kind: 'p75', views: 20 }, minViews: 5 }, 3)).toMatchObject({ trigger: { kind: 'p75', views: 3 }, minViews: 3 });
    expect(ruleForRuns({ ...rule!, trigger: { kind: 'consistently', breaches: 2, views: 3 } }, 6)?.trigger).toEqual({ kind: 'consistently', breaches: 4, views: 6 });
    expect(ruleForRuns({ ...rule!, trigger: { kind: 'baseline', views: 5, baseline: { source: 'earlier', views: 5 }, alpha: 0.05 } }, 6)).toBeNull();
  });
});
