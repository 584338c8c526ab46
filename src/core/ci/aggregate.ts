/** Aggregation over N runs: per metric, the values, their median and 75th percentile. */
import { median, p75 } from '../stats';
import { CI_METRICS, type CiMetricId, type CiUnit, type RunValues } from './metrics';

/** One metric over the runs. */
export interface MetricAggregate {
  metric: CiMetricId;
  unit: CiUnit;
  /** Runs that measured it. */
  n: number;
  /** The measured values, in run order. */
  values: number[];
  median: number | null;
  p75: number | null;
}

export function aggregateRuns(runs: readonly RunValues[]): MetricAggregate[] {
  return CI_METRICS.map((metric) => {
    const values = runs.map((run) => run[metric.id]).filter((value): value is number => value !== null && Number.isFinite(value));
    return { metric: metric.id, unit: metric.unit, n: values.length, values, median: median(values), p75: p75(values) };
  });
}
