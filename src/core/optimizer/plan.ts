/**
 * The plan for one page on one device: the strategies that apply, each with its reason and
 * params, the ones that do not (and why), and the findings only the page's authors can fix.
 */
import { findingsFor, type Finding } from './findings';
import { DEFAULT_PARAMS, STRATEGY_IDS, type StrategyId, type StrategyParams } from './catalogue';
import type { OptimizerInput } from './input';
import { STRATEGIES } from './registry';
import type { Impact, ProofMetric, Strategy } from './types';

/** A strategy recommended for the page, ready to switch on. */
export type Recommendation = { [Id in StrategyId]: RecommendationOf<Id> }[StrategyId];

/** A recommendation of one strategy, with the params its applier needs. */
export interface RecommendationOf<Id extends StrategyId> {
  id: Id;
  title: string;
  /** One line, with the numbers behind it. */
  reason: string;
  impact: Impact;
  /** Switch on without asking (e.g. the OS asks for reduced motion). */
  auto: boolean;
  params: StrategyParams[Id];
  expectedMetrics: readonly ProofMetric[];
  liveSafe: boolean;
  takesEffect: 'now' | 'next-load';
}

/** A strategy that does not apply, and why. */
export interface SkippedStrategy {
  id: StrategyId;
  title: string;
  reason: string;
}

/** What the optimizer recommends for a page on this device. */
export interface OptimizerPlan {
  url: string;
  pattern: string;
  /** Most impact first. */
  recommended: Recommendation[];
  notApplicable: SkippedStrategy[];
  /** Recommendations for the page's authors (no switch can fix them). */
  findings: Finding[];
}

/** Recommends a plan for the page described by input. */
export function recommendPlan(input: OptimizerInput): OptimizerPlan {
  const recommended: Recommendation[] = [];
  const notApplicable: SkippedStrategy[] = [];
  for (const id of STRATEGY_IDS) {
    const strategy: Strategy = STRATEGIES[id];
    const assessment = safeAssess(strategy, input);
    if (assessment.applies) {
      recommended.push(recommendation(STRATEGIES[id], input, assessment));
    } else {
      notApplicable.push({ id, title: strategy.title, reason: assessment.reason });
    }
  }
  recommended.sort((a, b) => IMPACT_ORDER[a.impact] - IMPACT_ORDER[b.impact]);
  return { url: input.url, pattern: input.pattern, recommended, notApplicable, findings: findingsFor(input) };
}

/** Bump when recommendPlan's logic changes: memoized plans of other versions are never reused. */
export const PLAN_CODE_VERSION = 1;

/**
 * Everything a plan depends on, for memoizing it (core/cache/memo): the page's input, the
 * strategy catalogue (ids, titles, default params) and the params switched on for the pattern.
 */
export function planMemoInputs(input: OptimizerInput, switchedOnParams: unknown): unknown {
  const catalogue = STRATEGY_IDS.map((id) => ({ id, title: STRATEGIES[id].title, defaults: DEFAULT_PARAMS[id] }));
  return { input, catalogue, params: switchedOnParams ?? null };
}

/** The params of strategy id for this page (also when the user switched it on unrecommended). */
export function strategyParams<Id extends StrategyId>(id: Id, input: OptimizerInput): StrategyParams[Id] {
  const strategy: Strategy<Id> = STRATEGIES[id];
  try {
    return strategy.params(input);
  } catch {
    return strategy.defaultParams;
  }
}

/** Params of every strategy for this page, as the content script receives them. */
export function allStrategyParams(input: OptimizerInput): StrategyParams {
  const entries = STRATEGY_IDS.map((id) => [id, strategyParams(id, input)] as const);
  return Object.fromEntries(entries) as unknown as StrategyParams;
}

const IMPACT_ORDER: Record<Impact, number> = { high: 0, medium: 1, low: 2 };

function recommendation<Id extends StrategyId>(
  strategy: Strategy<Id>,
  input: OptimizerInput,
  assessment: { reason: string; impact: Impact; auto: boolean },
): Recommendation {
  const result: RecommendationOf<Id> = {
    id: strategy.id,
    title: strategy.title,
    reason: assessment.reason,
    impact: assessment.impact,
    auto: assessment.auto,
    params: strategyParams(strategy.id, input),
    expectedMetrics: strategy.expectedMetrics,
    liveSafe: strategy.liveSafe,
    takesEffect: strategy.takesEffect,
  };
  return result as Recommendation;
}

/** A strategy whose decision throws is reported as not applicable rather than breaking the plan. */
function safeAssess(strategy: Strategy, input: OptimizerInput): ReturnType<Strategy['assess']> {
  try {
    return strategy.assess(input);
  } catch (error) {
    return { applies: false, reason: `Could not be assessed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
