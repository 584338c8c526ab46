import { describe, expect, it } from 'vitest';
import { allStrategyParams, recommendPlan, strategyParams } from '../../../src/core/optimizer/plan';
import { STRATEGY_IDS } from '../../../src/core/optimizer/catalogue';
import { STRATEGIES } from '../../../src/core/optimizer/registry';
import { emptyOptimizerInput } from '../../../src/core/optimizer/input';
import { DESKTOP, input, inputOn, PAGE, REDUCED_MOTION } from './fixtures';

const busyPage = input({
  lcp: { value: 4200, selector: 'img.hero', url: 'https://cdn.example.com/hero.jpg', urlStable: true, resourceLoadDelay: 900, resourceLoadDuration: 400, requestStart: 1500 },
  domNodes: 6000,
  longFrames: { count: 12, totalMs: 2400, blockingMs: 1500, renderMs: 900, styleAndLayoutMs: 700, worstMs: 400 },
  imageRequests: { html: { count: 3, bytes: 90_000 }, script: { count: 30, bytes: 1_500_000 }, unknown: { count: 0, bytes: 0 } },
  largestScripts: [{ url: `${PAGE}/app.js`, bytes: 1_400_000, durationMs: 800 }],
});

describe('recommendPlan', () => {
  it('recommends what applies, most impact first, each with a reason and params', () => {
    const plan = recommendPlan(busyPage);
    expect(plan.url).toBe(PAGE);
    expect(plan.pattern).toBe(PAGE);
    const ids = plan.recommended.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['lazy-load-images', 'prioritize-lcp-image', 'content-visibility', 'async-image-decoding']));
    const impacts = plan.recommended.map((r) => ['high', 'medium', 'low'].indexOf(r.impact));
    expect(impacts).toEqual([...impacts].sort((a, b) => a - b));
    for (const recommendation of plan.recommended) {
      expect(recommendation.reason.length).toBeGreaterThan(10);
      expect(recommendation.title).toBe(STRATEGIES[recommendation.id].title);
    }
    const lcp = plan.recommended.find((r) => r.id === 'prioritize-lcp-image');
    expect(lcp?.params).toEqual({ lcpSelector: 'img.hero', lcpUrl: 'https://cdn.example.com/hero.jpg', preload: true });
  });

  it('lists every other strategy as not applicable, with its reason', () => {
    const plan = recommendPlan(busyPage);
    expect(plan.recommended.length + plan.notApplicable.length).toBe(STRATEGY_IDS.length);
    const skipped = plan.notApplicable.find((s) => s.id === 'prefetch-next-pages');
    expect(skipped?.reason).toBe('No navigation away from this page was captured yet');
  });

  it('includes findings for the page authors', () => {
    expect(recommendPlan(busyPage).findings.map((f) => f.id)).toContain('largest-scripts');
  });

  it('switches reduce motion on by itself when the OS asks', () => {
    const plan = recommendPlan(inputOn(REDUCED_MOTION));
    expect(plan.recommended).toEqual([expect.objectContaining({ id: 'reduce-motion', auto: true, liveSafe: true })]);
  });

  it('recommends nothing before anything was captured, and says why for each', () => {
    const plan = recommendPlan(emptyOptimizerInput(PAGE, { environment: DESKTOP }));
    expect(plan.recommended).toEqual([]);
    expect(plan.notApplicable).toHaveLength(STRATEGY_IDS.length);
  });

  it('gives params for a strategy switched on by hand', () => {
    expect(strategyParams('preconnect-hot-origins', emptyOptimizerInput(PAGE))).toEqual({ origins: [] });
    expect(Object.keys(allStrategyParams(busyPage)).sort()).toEqual([...STRATEGY_IDS].sort());
  });
});

describe('memoized plans', () => {
  it('answers the same input, catalogue and params from the store, and computes again when any of them changes', async () => {
    const { memoize } = await import('../../../src/core/cache/memo');
    const { PLAN_CODE_VERSION, planMemoInputs } = await import('../../../src/core/optimizer/plan');
    const { DEFAULT_PARAMS } = await import('../../../src/core/optimizer/catalogue');
    const map = new Map<string, unknown>();
    const store = { get: async (ns: string, key: string) => map.get(`${ns} ${key}`), put: async (ns: string, key: string, value: unknown) => void map.set(`${ns} ${key}`, value) };
    let computed = 0;
    const analyse = (pageInput: ReturnType<typeof emptyOptimizerInput>, params: unknown) =>
      memoize(store, { namespace: 'memo:optimizer', kind: 'optimizer-plan', codeVersion: PLAN_CODE_VERSION, ttlMs: 60_000 }, planMemoInputs(pageInput, params), () => {
        computed++;
        return recommendPlan(pageInput);
      });
    const first = await analyse(emptyOptimizerInput(PAGE, { environment: DESKTOP }), undefined);
    const second = await analyse(emptyOptimizerInput(PAGE, { environment: DESKTOP }), undefined);
    expect([first.cached, second.cached, computed]).toEqual([false, true, 1]);
    expect(second.value).toEqual(first.value);
    // Another input (the device), other switched-on params, another catalogue default: computed again.
    expect((await analyse(emptyOptimizerInput(PAGE, { environment: { ...DESKTOP, ...REDUCED_MOTION } }), undefined)).cached).toBe(false);
    expect((await analyse(emptyOptimizerInput(PAGE, { environment: DESKTOP }), { 'preconnect-hot-origins': { origins: ['https://x.test'] } })).cached).toBe(false);
    const id = STRATEGY_IDS[0]!;
    const saved = DEFAULT_PARAMS[id];
    try {
      (DEFAULT_PARAMS as Record<string, unknown>)[id] = { changed: true };
      expect((await analyse(emptyOptimizerInput(PAGE, { environment: DESKTOP }), undefined)).cached).toBe(false);
    } finally {
      (DEFAULT_PARAMS as Record<string, unknown>)[id] = saved;
    }
    expect(computed).toBe(4);
  });
});
