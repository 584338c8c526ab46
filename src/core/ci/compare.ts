/**
 * Baseline comparison: per metric, the current runs against the baseline's with a two-sided
 * Mann-Whitney U test (exact for small samples). A metric is worse (or better) only when the
 * test is significant AND the medians differ by at least the metric's minimum effect and by at
 * least `minPercent` — so a tiny but consistent shift does not fail a build, and neither does
 * noise.
 */
import { mannWhitneyU, median, percentChange } from '../stats';
import type { MetricAggregate } from './aggregate';
import type { BaselineFile } from './baseline';
import { CI_METRICS, type CiMetricId, type CiUnit } from './metrics';

/** The verdict of one metric. */
export type RegressionVerdict = 'better' | 'worse' | 'no change' | 'not compared';

/** One metric against the baseline. */
export interface RegressionCheck {
  metric: CiMetricId;
  title: string;
  unit: CiUnit;
  verdict: RegressionVerdict;
  baselineMedian: number | null;
  currentMedian: number | null;
  /** current − baseline median, in the unit. */
  difference: number | null;
  changePercent: number | null;
  pValue: number | null;
  baselineRuns: number;
  currentRuns: number;
  /** Why a metric was not compared (too few runs on either side). */
  reason?: string;
}

/** Comparison settings. */
export interface CompareOptions {
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Least relative change of the medians, percent (default 5). */
  minPercent?: number;
  /** Least runs on each side (default 2); beyond it, the sizes must be able to reach p < alpha at all. */
  minRuns?: number;
  /** Per-metric least absolute change, overriding the metric's default. */
  minEffect?: Partial<Record<CiMetricId, number>>;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MIN_PERCENT = 5;
export const DEFAULT_MIN_RUNS = 2;

/**
 * The smallest two-sided p-value the exact Mann-Whitney test can give for these sample sizes
 * (complete separation, no ties): 2 / C(n1 + n2, n1). With 3 runs against 3 it is 0.1, so no
 * difference, however large, could be significant at 0.05.
 */
export function smallestPossiblePValue(n1: number, n2: number): number {
  let combinations = 1;
  for (let k = 1; k <= n1; k++) combinations = (combinations * (n2 + k)) / k;
  return Math.min(1, 2 / combinations);
}

export function compareWithBaseline(baseline: BaselineFile, current: readonly MetricAggregate[], options: CompareOptions = {}): RegressionCheck[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const minPercent = options.minPercent ?? DEFAULT_MIN_PERCENT;
  const minRuns = options.minRuns ?? DEFAULT_MIN_RUNS;
  const checks: RegressionCheck[] = [];
  for (const metric of CI_METRICS) {
    const before = baseline.metrics[metric.id]?.values ?? [];
    const after = current.find((aggregate) => aggregate.metric === metric.id)?.values ?? [];
    if (before.length === 0 && after.length === 0) continue;
    const baselineMedian = median(before);
    const currentMedian = median(after);
    const base = {
      metric: metric.id,
      title: metric.title,
      unit: metric.unit,
      baselineMedian,
      currentMedian,
      difference: baselineMedian !== null && currentMedian !== null ? currentMedian - baselineMedian : null,
      changePercent: percentChange(baselineMedian, currentMedian),
      baselineRuns: before.length,
      currentRuns: after.length,
    };
    if (before.length < minRuns || after.length < minRuns) {
      checks.push({ ...base, verdict: 'not compared', pValue: null, reason: `needs ${minRuns} runs on each side (baseline ${before.length}, this run ${after.length})` });
      continue;
    }
    const floor = smallestPossiblePValue(before.length, after.length);
    if (floor >= alpha) {
      checks.push({
        ...base,
        verdict: 'not compared',
        pValue: null,
        reason: `with ${before.length} baseline runs and ${after.length} runs the test cannot reach p < ${alpha} (smallest possible p = ${floor.toFixed(3)}); use at least 4 runs on each side`,
      });
      continue;
    }
    const { pValue } = mannWhitneyU(after, before);
    const effect = options.minEffect?.[metric.id] ?? metric.minEffect;
    const difference = base.difference ?? 0;
    const relative = base.changePercent === null ? Infinity : Math.abs(base.changePercent);
    const meaningful = Math.abs(difference) >= effect && relative >= minPercent;
    const verdict: RegressionVerdict = pValue < alpha && meaningful ? (difference > 0 ? 'worse' : 'better') : 'no change';
    checks.push({ ...base, verdict, pValue });
  }
  return checks;
}
