/**
 * Before/after proof of an optimization: page loads with a strategy (or a whole plan) on are
 * compared with loads with it off, metric by metric, with a Mann-Whitney U test and a bootstrap
 * interval of the difference of medians. Every metric is "lower is better".
 */
import { latestVitals } from '../metrics/summary';
import type { LongFrameSample, SessionData, View, VitalName } from '../model';
import { bootstrapMedianDifference, mannWhitneyU, median, p75, percentChange, type MannWhitneyMethod } from '../stats';
import type { ProofMetric } from './types';

export type { ProofMetric } from './types';

/** Every proof metric, in the order the panel shows them. */
export const PROOF_METRICS: readonly ProofMetric[] = ['LCP', 'FCP', 'CLS', 'INP', 'loafMs', 'renderMs', 'bytes', 'requests'];

/** The test behind every verdict, stated in the output. */
export const PROOF_METHOD = 'Mann-Whitney U (two-sided, α=0.05)';

/** One page load and what it measured. */
export interface PageLoad {
  viewId: string;
  url: string;
  /** Epoch ms of the load's start. */
  t: number;
  /** Strategy ids that were on. */
  strategies: string[];
  metrics: Partial<Record<ProofMetric, number>>;
}

/** The outcome for one metric. */
export type Verdict = 'improved' | 'regressed' | 'no significant change' | 'not enough data';

/** One side (before or after) of a comparison. */
export interface SideSummary {
  /** Loads that measured the metric. */
  n: number;
  median: number | null;
  p75: number | null;
}

/** The comparison of one metric. */
export interface MetricProof {
  metric: ProofMetric;
  before: SideSummary;
  after: SideSummary;
  /** Change of the median in percent (negative: lower after). */
  changePercent: number | null;
  /** Two-sided Mann-Whitney U p-value; null when there is not enough data. */
  pValue: number | null;
  /** How the p-value was computed: exact permutation distribution or normal approximation. */
  test: MannWhitneyMethod | null;
  /** median(after) − median(before). */
  medianDifference: number | null;
  /** Bootstrap 95% interval of median(after) − median(before). */
  ci95: { low: number; high: number } | null;
  verdict: Verdict;
}

/** What was compared: one strategy (on vs. off) or a plan (exactly the plan vs. nothing). */
export type ProofSubject = { kind: 'strategy'; strategyId: string } | { kind: 'plan'; strategyIds: string[] };

/** A before/after proof. */
export interface Proof {
  subject: ProofSubject;
  method: typeof PROOF_METHOD;
  /** Loads without the optimization. */
  loadsBefore: number;
  /** Loads with it. */
  loadsAfter: number;
  metrics: MetricProof[];
  /** One line for the panel, e.g. "LCP improved 18% (p = 0.003); 6 metrics unchanged". */
  summary: string;
}

/** Options of the proof functions. */
export interface ProofOptions {
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Loads each side needs before a verdict (default 3). */
  minPerSide?: number;
  /** Metrics to compare (default all of {@link PROOF_METRICS}). */
  metrics?: readonly ProofMetric[];
  /** Bootstrap resamples (default 2000) and seed (default 1). */
  bootstrapIterations?: number;
  seed?: number;
}

/**
 * Proof of one strategy: loads with it on against loads with it off (whatever else was on;
 * the A/B runner keeps the rest fixed).
 */
export function proveStrategy(loads: readonly PageLoad[], strategyId: string, options: ProofOptions = {}): Proof {
  const after = loads.filter((load) => load.strategies.includes(strategyId));
  const before = loads.filter((load) => !load.strategies.includes(strategyId));
  return proof({ kind: 'strategy', strategyId }, before, after, options);
}

/** Proof of a plan: loads with exactly these strategies on against loads with none on. */
export function provePlan(loads: readonly PageLoad[], strategyIds: readonly string[], options: ProofOptions = {}): Proof {
  const plan = new Set(strategyIds);
  const isExactlyPlan = (load: PageLoad) => {
    const on = new Set(load.strategies);
    return on.size === plan.size && [...plan].every((id) => on.has(id));
  };
  const after = loads.filter(isExactlyPlan);
  const before = loads.filter((load) => load.strategies.length === 0);
  return proof({ kind: 'plan', strategyIds: [...plan] }, before, after, options);
}

/** Compares one metric between loads before and after. */
export function compareMetric(metric: ProofMetric, before: readonly PageLoad[], after: readonly PageLoad[], options: ProofOptions = {}): MetricProof {
  const a = valuesOf(before, metric);
  const b = valuesOf(after, metric);
  const sides = { before: summarize(a), after: summarize(b) };
  const changePercent = percentChange(sides.before.median, sides.after.median);
  const medianDifference = sides.before.median !== null && sides.after.median !== null ? sides.after.median - sides.before.median : null;
  if (a.length < (options.minPerSide ?? 3) || b.length < (options.minPerSide ?? 3)) {
    return { metric, ...sides, changePercent, pValue: null, test: null, medianDifference, ci95: null, verdict: 'not enough data' };
  }
  const test = mannWhitneyU(b, a);
  const interval = bootstrapMedianDifference(a, b, { iterations: options.bootstrapIterations ?? 2000, seed: options.seed ?? 1 });
  return {
    metric,
    ...sides,
    changePercent,
    pValue: test.pValue,
    test: test.method,
    medianDifference,
    ci95: interval && { low: interval.low, high: interval.high },
    verdict: verdictOf(test.pValue, test.probabilityAGreater, options.alpha ?? 0.05),
  };
}

/**
 * Significant (p < α) and after tends lower → improved; tends higher → regressed. The direction
 * comes from the ranks (U), consistent with the test, not from the medians alone.
 */
function verdictOf(pValue: number, probabilityAfterGreater: number, alpha: number): Verdict {
  if (pValue >= alpha || probabilityAfterGreater === 0.5) return 'no significant change';
  return probabilityAfterGreater < 0.5 ? 'improved' : 'regressed';
}

function proof(subject: ProofSubject, before: readonly PageLoad[], after: readonly PageLoad[], options: ProofOptions): Proof {
  const metrics = (options.metrics ?? PROOF_METRICS).map((metric) => compareMetric(metric, before, after, options));
  return { subject, method: PROOF_METHOD, loadsBefore: before.length, loadsAfter: after.length, metrics, summary: summaryOf(metrics) };
}

function summaryOf(metrics: readonly MetricProof[]): string {
  const changed = metrics
    .filter((m) => m.verdict === 'improved' || m.verdict === 'regressed')
    .map((m) => `${m.metric} ${m.verdict}${m.changePercent !== null ? ` ${Math.abs(Math.round(m.changePercent))}%` : ''} (p = ${formatP(m.pValue!)})`);
  const unchanged = metrics.filter((m) => m.verdict === 'no significant change').length;
  const missing = metrics.filter((m) => m.verdict === 'not enough data').length;
  const parts = [...changed];
  if (unchanged > 0) parts.push(`${unchanged} ${unchanged === 1 ? 'metric' : 'metrics'} unchanged`);
  if (missing > 0) parts.push(`${missing} without enough data`);
  return parts.join('; ');
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function valuesOf(loads: readonly PageLoad[], metric: ProofMetric): number[] {
  return loads.map((load) => load.metrics[metric]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

function summarize(values: readonly number[]): SideSummary {
  return { n: values.length, median: median(values), p75: p75(values) };
}

// ---------------------------------------------------------------------------------------------
// Page loads from captured sessions

/** Options of {@link pageLoadFromSession}. */
export interface PageLoadOptions {
  /** Long frames and requests count when they start within this many ms of the view start (default 10 000). */
  loadWindowMs?: number;
}

/** Default window of a load: long frames and requests after it belong to interaction, not load. */
export const LOAD_WINDOW_MS = 10_000;

/**
 * The page load of a view:
 * - LCP, FCP, CLS, INP: the last value reported in the view;
 * - loafMs: the summed duration of long animation frames (or long tasks) starting in the load window;
 * - renderMs: the rendering part of those frames, from renderStart to the frame's end
 *   (requestAnimationFrame callbacks, style, layout, paint); long tasks contribute nothing;
 * - bytes: summed transferSize of the requests starting in the load window (0 when cached);
 * - requests: their count.
 */
export function pageLoadFromSession(data: SessionData, view: View, options: PageLoadOptions = {}): PageLoad {
  const windowEnd = view.startTime + (options.loadWindowMs ?? LOAD_WINDOW_MS);
  const inWindow = (t: number) => t >= view.startTime && t < windowEnd;
  const samples = data.samples.filter((sample) => sample.viewId === view.id);
  const frames = samples.filter((sample): sample is LongFrameSample => sample.kind === 'loaf' && inWindow(sample.t));
  const requests = data.requests.filter((request) => request.viewId === view.id && inWindow(request.t));

  const metrics: Partial<Record<ProofMetric, number>> = {};
  const vitals = latestVitals(samples);
  for (const name of PROOF_VITALS) {
    const value = vitals[name]?.value;
    if (value !== undefined) metrics[name] = value;
  }
  metrics.loafMs = frames.reduce((sum, frame) => sum + frame.duration, 0);
  metrics.renderMs = frames.reduce((sum, frame) => sum + (frame.renderStart === null ? 0 : Math.max(0, frame.duration - frame.renderStart)), 0);
  metrics.bytes = requests.reduce((sum, request) => sum + request.transferSize, 0);
  metrics.requests = requests.length;
  return { viewId: view.id, url: view.url, t: view.startTime, strategies: [...view.strategies], metrics };
}

const PROOF_VITALS = ['LCP', 'FCP', 'CLS', 'INP'] as const satisfies readonly VitalName[];

/** Page loads of every hard (or, with kind 'any', every) view of a session, oldest first. */
export function pageLoadsFromSession(data: SessionData, options: PageLoadOptions & { kind?: 'hard' | 'any' } = {}): PageLoad[] {
  return data.views
    .filter((view) => options.kind === 'any' || view.kind === 'hard')
    .sort((a, b) => a.startTime - b.startTime)
    .map((view) => pageLoadFromSession(data, view, options));
}

// ---------------------------------------------------------------------------------------------
// A/B schedule

/**
 * The order of n loads for an A/B run, counterbalanced ABBA-style (off, on, on, off, off, on,
 * on, off, ...), so that a drift over the run (a warming cache, a busier server) weighs on both
 * sides alike.
 */
export function abSchedule(n: number): ('off' | 'on')[] {
  const block = ['off', 'on', 'on', 'off'] as const;
  return Array.from({ length: Math.max(0, Math.floor(n)) }, (_, i) => block[i % 4]!);
}
