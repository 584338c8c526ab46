/**
 * Automated optimization triggers: a rule may carry "switch strategy S on for this page when
 * this fires". The switch is then judged with the optimizer's before/after proof over the
 * page's following loads: switched off again when it made a metric that matters significantly
 * worse (Mann-Whitney U, α = 0.05), or kept with its measured gain. Every action is a record
 * (what, why, evidence) that an undo reverses.
 */
import type { AutomaticActionEvidence, AutomaticActionRecord } from '../model';
import { matchesPattern } from '../optimizer/patterns';
import { LOAD_WINDOW_MS, proveStrategy, PROOF_METRICS, type MetricProof, type PageLoad, type Proof, type ProofMetric } from '../optimizer/proof';
import type { OpenedAlert } from './engine';
import type { MetricRef } from './metrics';

/** How an automatic action is judged. */
export interface AutomationPolicy {
  /** Loads needed with the strategy on (and off, before it) before a decision (default 5). */
  minLoadsPerSide: number;
  /** Significance level (default 0.05). */
  alpha: number;
  /** How long a load is measured (the proof's load window, 10 s). */
  loadWindowMs: number;
}

export const DEFAULT_AUTOMATION_POLICY: Readonly<AutomationPolicy> = { minLoadsPerSide: 5, alpha: 0.05, loadWindowMs: LOAD_WINDOW_MS };

/**
 * The action an opened alert asks for, or null when its rule carries none or the strategy is
 * already on for the pattern.
 */
export function startAutomaticAction(opened: OpenedAlert, pattern: string, strategiesOn: readonly string[], now: number): AutomaticActionRecord | null {
  const action = opened.rule.action;
  if (!action || action.kind !== 'enable-strategy' || strategiesOn.includes(action.strategyId)) return null;
  return {
    kind: 'automatic-action',
    id: `auto|${opened.alert.id}|${action.strategyId}`,
    alertId: opened.alert.id,
    ruleId: opened.rule.id,
    strategyId: action.strategyId,
    pattern,
    t: now,
    reason: opened.alert.message,
    status: 'measuring',
    decidedAt: null,
    evidence: null,
    previousStrategies: [...strategiesOn],
  };
}

/** The proof metric a rule's metric corresponds to, if the proof measures it. */
export function proofMetricOf(metric: MetricRef): ProofMetric | null {
  switch (metric.id) {
    case 'LCP':
    case 'FCP':
    case 'CLS':
    case 'INP':
    case 'loafMs':
      return metric.id;
    case 'bytes':
      return metric.resourceType === 'total' ? 'bytes' : null;
    case 'requests':
      return metric.resourceType === 'total' ? 'requests' : null;
    default:
      return null;
  }
}

/** The outcome of a review. */
export interface ActionReview {
  decision: 'wait' | 'keep' | 'revert';
  /** The action with its new status and evidence (unchanged while waiting, or when it was already decided). */
  action: AutomaticActionRecord;
  proof: Proof;
}

/**
 * Judges a measuring action from the page's loads: those of the pattern measured entirely before
 * the action with the strategy off against those started after it with the strategy on, over the metrics that matter
 * (the rule's metric and the strategy's expected ones). Any of them significantly worse: revert.
 * Enough loads and none worse: keep, with the measured change.
 */
export function reviewAutomaticAction(
  action: AutomaticActionRecord,
  loads: readonly PageLoad[],
  metrics: readonly ProofMetric[],
  now: number,
  policy: AutomationPolicy = DEFAULT_AUTOMATION_POLICY,
): ActionReview {
  const decisive = metrics.length > 0 ? [...new Set(metrics)] : [...PROOF_METRICS];
  const onPage = loads.filter((load) => matchesPattern(load.url, action.pattern)).sort((a, b) => a.t - b.t);
  // A load still being measured when the switch happened is on neither side: a strategy that
  // applies live changed it halfway. A load is measured until its window ends or the next load starts.
  const endOf = (index: number) => Math.min(onPage[index]!.t + policy.loadWindowMs, onPage[index + 1]?.t ?? Infinity);
  const before = onPage.filter((load, index) => endOf(index) <= action.t && !load.strategies.includes(action.strategyId));
  const after = onPage.filter((load) => load.t >= action.t && load.strategies.includes(action.strategyId));
  const proof = proveStrategy([...before, ...after], action.strategyId, { metrics: decisive, alpha: policy.alpha, minPerSide: policy.minLoadsPerSide });
  if (action.status !== 'measuring') return { decision: 'wait', action, proof };
  const regressed = proof.metrics.some((metric) => metric.verdict === 'regressed');
  const enough = proof.loadsBefore >= policy.minLoadsPerSide && proof.loadsAfter >= policy.minLoadsPerSide;
  if (!regressed && !enough) return { decision: 'wait', action, proof };
  const status = regressed ? 'reverted' : 'kept';
  return { decision: regressed ? 'revert' : 'keep', action: { ...action, status, decidedAt: now, evidence: evidenceOf(proof) }, proof };
}

/** The action undone by the user: the strategies to restore for its pattern. */
export function undoAutomaticAction(action: AutomaticActionRecord, now: number): { action: AutomaticActionRecord; restore: string[] } {
  return { action: { ...action, status: 'undone', decidedAt: now }, restore: [...action.previousStrategies] };
}

/** A decision in words: "switched off: LCP regressed 40% (p = 0.004)". */
export function describeAction(action: AutomaticActionRecord): string {
  const what = `${action.strategyId} on for ${action.pattern}`;
  switch (action.status) {
    case 'measuring':
      return `${what}: measuring the following loads`;
    case 'kept':
      return `${what}: kept — ${action.evidence?.summary ?? ''}`;
    case 'reverted':
      return `${what}: switched off again — ${action.evidence?.summary ?? ''}`;
    case 'undone':
      return `${what}: undone`;
  }
}

function evidenceOf(proof: Proof): AutomaticActionEvidence {
  return {
    summary: proof.summary,
    loadsBefore: proof.loadsBefore,
    loadsAfter: proof.loadsAfter,
    method: proof.method,
    metrics: proof.metrics.map((metric: MetricProof) => ({
      metric: metric.metric,
      medianBefore: metric.before.median,
      medianAfter: metric.after.median,
      changePercent: metric.changePercent,
      pValue: metric.pValue,
      verdict: metric.verdict,
    })),
  };
}
