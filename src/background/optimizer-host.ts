import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { optimizerInputFromSession, emptyOptimizerInput } from '../core/optimizer/input';
import { defaultPattern, matchesPattern } from '../core/optimizer/patterns';
import { allStrategyParams, PLAN_CODE_VERSION, planMemoInputs, recommendPlan, type OptimizerPlan } from '../core/optimizer/plan';
import { memoize } from '../core/cache/memo';
import { abSchedule, pageLoadsFromSession, provePlan, proveStrategy } from '../core/optimizer/proof';
import { STRATEGY_IDS, type StrategyId, type StrategyParams } from '../core/optimizer/catalogue';
import { STRATEGIES } from '../core/optimizer/registry';
import type { SessionData } from '../core/model';
import { EMPTY_OPTIMIZER_SETTINGS, OPTIMIZER_SETTINGS_KEY, optimizationsFor, readOptimizerSettings, type OptimizerSettings } from '../shared/optimizer-settings';
import { COLLECT_FACTS, PageFactsSchema, type OptimizerRequests, type OptimizerView, type PageFacts } from '../shared/protocol-optimizer';
import type { OptimizerSwitches } from './alerts-host';
import { syncOptimizerScripts } from './optimizer-scripts';
import type { BackgroundContext, HandlerMap } from './handlers';

export async function loadOptimizerSettings(): Promise<OptimizerSettings> {
  const stored = await browser.storage.local.get(OPTIMIZER_SETTINGS_KEY);
  return stored[OPTIMIZER_SETTINGS_KEY] ? readOptimizerSettings(stored[OPTIMIZER_SETTINGS_KEY]) : structuredClone(EMPTY_OPTIMIZER_SETTINGS);
}

async function saveOptimizerSettings(settings: OptimizerSettings): Promise<void> {
  await browser.storage.local.set({ [OPTIMIZER_SETTINGS_KEY]: settings });
  // Answered once the optimizer scripts are registered where the toggles say: "on the next load" holds.
  await syncOptimizerScripts().catch(() => {});
}

/** The strategies on for a URL now: what the recorder writes on each new view. */
export async function strategiesForUrl(url: string): Promise<StrategyId[]> {
  return optimizationsFor(await loadOptimizerSettings(), url).strategies;
}

/**
 * Switches for the alerts host's automated triggers: the same settings the Optimize view
 * writes, with params from the captured session (or each strategy's defaults without one).
 */
export const optimizerSwitches: OptimizerSwitches = {
  async patternFor(url) {
    return optimizationsFor(await loadOptimizerSettings(), url).pattern ?? defaultPattern(url);
  },
  async strategiesOn(pattern) {
    return (await loadOptimizerSettings()).toggles[pattern] ?? [];
  },
  async set(pattern, strategies, data, url) {
    const input = data ? optimizerInputFromSession(data, url, { pattern }) : emptyOptimizerInput(url, { pattern });
    const settings = await loadOptimizerSettings();
    const params = allStrategyParams(input);
    settings.toggles[pattern] = STRATEGY_IDS.filter((id) => strategies.includes(id));
    settings.params[pattern] = Object.fromEntries(settings.toggles[pattern].map((id) => [id, params[id]]));
    await saveOptimizerSettings(settings);
  },
};

/** Asks the tab's content script for its environment and DOM facts (validated: it is untrusted). */
async function collectFacts(tabId: number): Promise<PageFacts | null> {
  try {
    const reply = await browser.tabs.sendMessage(tabId, { type: COLLECT_FACTS }, { frameId: 0 });
    const parsed = v.safeParse(PageFactsSchema, reply);
    return parsed.success ? (parsed.output as PageFacts) : null;
  } catch {
    return null;
  }
}

/** Where memoized optimizer plans live in the cache engine, and for how long, ms. */
export const OPTIMIZER_MEMO_NAMESPACE = 'memo:optimizer';
const OPTIMIZER_MEMO_TTL_MS = 24 * 60 * 60 * 1000;

function isPlan(value: unknown): value is OptimizerPlan {
  const p = value as Partial<OptimizerPlan> | null;
  return typeof p === 'object' && p !== null && Array.isArray(p.recommended) && Array.isArray(p.notApplicable) && Array.isArray(p.findings);
}

export function optimizerHandlers(context: BackgroundContext): HandlerMap<keyof OptimizerRequests> {
  /** The A/B tests in progress, by tab. */
  const abRuns = new Map<number, { cancelled: boolean }>();

  const sessionOf = async (tabId: number): Promise<SessionData | null> => {
    const store = await context.store;
    const id = (await context.tabState.activeSession(tabId)) ?? (await store.latestSessionOfTab(tabId))?.id;
    return id ? store.loadSession(id) : null;
  };

  /** What the optimizer knows about the tab's page: its URL, the governing pattern, captured data and facts. */
  const pageContext = async (tabId: number, requestedPattern?: string) => {
    const [tab, data, settings, facts] = await Promise.all([browser.tabs.get(tabId), sessionOf(tabId), loadOptimizerSettings(), collectFacts(tabId)]);
    const url = facts?.url ?? tab.url ?? '';
    const pattern = requestedPattern ?? optimizationsFor(settings, url).pattern ?? defaultPattern(url);
    const extras = { pattern, ...(facts ? { environment: facts.environment, dom: facts.dom, images: facts.images } : {}) };
    const input = data ? optimizerInputFromSession(data, url, extras) : emptyOptimizerInput(url, extras);
    return { url, pattern, data, settings, facts, input };
  };

  const buildView = async (tabId: number, requestedPattern?: string): Promise<OptimizerView> => {
    const { url, pattern, data, settings, facts, input } = await pageContext(tabId, requestedPattern);
    // Memoized through the cache engine like simulator runs: same input, catalogue and params -> the stored plan.
    const memo = await memoize<OptimizerPlan>(context.cache.store.memoStore(), { namespace: OPTIMIZER_MEMO_NAMESPACE, kind: 'optimizer-plan', codeVersion: PLAN_CODE_VERSION, ttlMs: OPTIMIZER_MEMO_TTL_MS }, planMemoInputs(input, settings.params[pattern]), () => recommendPlan(input), isPlan);
    const plan = memo.value;
    const on = new Set(settings.toggles[pattern] ?? []);
    const loads = data ? pageLoadsFromSession(data).filter((l) => matchesPattern(l.url, pattern)) : [];
    const onIds = [...on];
    return {
      url,
      pattern,
      plan,
      planCached: memo.cached,
      facts,
      loads: loads.length,
      strategies: STRATEGY_IDS.map((id) => ({ id, title: STRATEGIES[id].title, changes: STRATEGIES[id].changes, on: on.has(id), liveSafe: STRATEGIES[id].liveSafe, takesEffect: STRATEGIES[id].takesEffect })),
      proofs: {
        plan: onIds.length ? provePlan(loads, onIds) : null,
        perStrategy: STRATEGY_IDS.filter((id) => loads.some((l) => l.strategies.includes(id))).map((id) => proveStrategy(loads, id)),
      },
    };
  };

  /** The params every strategy would use on the tab's page now (from its captured loads). */
  const paramsFor = async (tabId: number, pattern: string): Promise<StrategyParams> => allStrategyParams((await pageContext(tabId, pattern)).input);

  /** Stores the strategies switched on for a pattern, with the params their appliers get. */
  const setStrategies = async (pattern: string, strategies: StrategyId[], params: StrategyParams): Promise<void> => {
    const settings = await loadOptimizerSettings();
    settings.toggles[pattern] = STRATEGY_IDS.filter((id) => strategies.includes(id));
    settings.params[pattern] = Object.fromEntries(settings.toggles[pattern].map((id) => [id, params[id]]));
    await saveOptimizerSettings(settings);
  };

  return {
    optimizerView: ({ tabId, pattern }) => buildView(tabId, pattern),
    async setStrategies({ tabId, pattern, strategies }) {
      await setStrategies(pattern, strategies, await paramsFor(tabId, pattern));
      return buildView(tabId, pattern);
    },
    async runAbTest({ tabId, pattern, strategies, loads, settleMs }) {
      if (abRuns.has(tabId)) throw new Error('An A/B test is already running in this tab: cancel it or wait for it to finish.');
      if (!strategies.length) throw new Error('Switch on at least one optimization to test it against none.');
      const n = Math.max(2, Math.min(40, Math.round(loads)));
      const run = { cancelled: false };
      abRuns.set(tabId, run);
      const before = (await loadOptimizerSettings()).toggles[pattern] ?? [];
      // One set of params for every load of the test, from the page as captured before it.
      const params = await paramsFor(tabId, pattern);
      try {
        const schedule = abSchedule(n);
        for (const [i, mode] of schedule.entries()) {
          if (run.cancelled) break;
          context.panels.progress(tabId, 'ab', i / n, `Load ${i + 1} of ${n}: optimizations ${mode}`);
          await setStrategies(pattern, mode === 'on' ? strategies : [], params);
          await reloadAndSettle(tabId, settleMs ?? 4000);
        }
      } finally {
        await setStrategies(pattern, before, params).catch(() => {});
        abRuns.delete(tabId);
      }
      context.panels.progress(tabId, 'ab', 1, run.cancelled ? 'A/B test cancelled' : `A/B test done: ${n} loads`);
      return buildView(tabId, pattern);
    },
    async cancelAbTest({ tabId }) {
      const run = abRuns.get(tabId);
      if (run) run.cancelled = true;
      return { cancelled: Boolean(run) };
    },
  };
}

/** Reloads a tab (bypassing the HTTP cache) and waits for its load plus a settle time for LCP, CLS and late requests. */
async function reloadAndSettle(tabId: number, settleMs: number): Promise<void> {
  const loaded = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      browser.tabs.onUpdated.removeListener(listener);
      reject(new Error('The page did not finish loading within 60 s during the A/B test.'));
    }, 60_000);
    const listener = (id: number, change: { status?: string }) => {
      if (id === tabId && change.status === 'complete') {
        clearTimeout(timer);
        browser.tabs.onUpdated.removeListener(listener);
        resolve();
      }
    };
    browser.tabs.onUpdated.addListener(listener);
  });
  await browser.tabs.reload(tabId, { bypassCache: true });
  await loaded;
  await new Promise((r) => setTimeout(r, settleMs));
}
