/**
 * What a CI run measures: per run (one page load or one flow, recorded as one session) a value
 * per metric, from the session summary (the one implementation of "final value of a vital",
 * long-frame and blocking time, request totals).
 */
import type { SessionData } from '../model';
import { formatBytes, formatCount, formatMs } from '../metrics/format';
import { summarizeSession, type SessionSummary } from '../sessions/summary';

/** Unit of a CI metric's values. */
export type CiUnit = 'ms' | 'score' | 'count' | 'bytes';

/** One metric the runner aggregates and compares. Lower is better for every one of them. */
export interface CiMetric {
  id: CiMetricId;
  title: string;
  unit: CiUnit;
  /** Smallest difference of medians that counts as a change (with a significant test). */
  minEffect: number;
  measure(summary: SessionSummary): number | null;
}

export const CI_METRIC_IDS = ['LCP', 'FCP', 'TTFB', 'CLS', 'INP', 'tbt', 'loafMs', 'requests', 'bytes'] as const;
export type CiMetricId = (typeof CI_METRIC_IDS)[number];

export const CI_METRICS: readonly CiMetric[] = [
  { id: 'LCP', title: 'Largest Contentful Paint', unit: 'ms', minEffect: 20, measure: (s) => s.vitals.LCP?.last ?? null },
  { id: 'FCP', title: 'First Contentful Paint', unit: 'ms', minEffect: 20, measure: (s) => s.vitals.FCP?.last ?? null },
  { id: 'TTFB', title: 'Time to First Byte', unit: 'ms', minEffect: 20, measure: (s) => s.vitals.TTFB?.last ?? null },
  { id: 'CLS', title: 'Cumulative Layout Shift', unit: 'score', minEffect: 0.01, measure: (s) => s.vitals.CLS?.last ?? null },
  { id: 'INP', title: 'Interaction to Next Paint', unit: 'ms', minEffect: 20, measure: (s) => s.vitals.INP?.last ?? null },
  { id: 'tbt', title: 'Total blocking time', unit: 'ms', minEffect: 20, measure: (s) => s.blockingMs },
  { id: 'loafMs', title: 'Long-animation-frame time', unit: 'ms', minEffect: 20, measure: (s) => s.longFrameMs },
  { id: 'requests', title: 'Requests', unit: 'count', minEffect: 1, measure: (s) => s.requests },
  { id: 'bytes', title: 'Transferred bytes', unit: 'bytes', minEffect: 1024, measure: (s) => s.transferBytes },
];

export function findCiMetric(id: string): CiMetric | undefined {
  return CI_METRICS.find((metric) => metric.id === id);
}

/** One run's value of every metric (null where the run did not measure it, e.g. INP without input). */
export type RunValues = Record<CiMetricId, number | null>;

/** Measures one recorded run. */
export function measureRun(run: Pick<SessionData, 'samples' | 'requests' | 'alerts'>): RunValues {
  const summary = summarizeSession(run);
  const values = {} as RunValues;
  for (const metric of CI_METRICS) values[metric.id] = metric.measure(summary);
  return values;
}

/** A value with its unit: "1,234 ms", "0.052", "31 requests", "1.2 MB". */
export function formatValue(value: number | null, unit: CiUnit): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'score':
      return value.toFixed(3);
    case 'count':
      return `${formatCount(value)} ${Math.round(value) === 1 ? 'request' : 'requests'}`;
    case 'bytes':
      return formatBytes(value);
  }
}
