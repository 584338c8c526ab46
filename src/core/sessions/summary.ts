/** Session-level figures shared by the report and the comparison, computed in one pass. */
import { VITAL_NAMES, type AlertRecord, type MetricSample, type Rating, type RequestRecord, type VitalName } from '../model';
import { rateVital } from '../metrics/ratings';
import { median, p75 } from '../stats';

export interface VitalSummary {
  /** Metric instances (a page load's LCP, an INP...) counted, each at its final value. */
  count: number;
  p75: number;
  median: number;
  /** Final value of the most recently reported instance. */
  last: number;
  /** Rating of the p75, as web.dev rates a page. */
  rating: Rating;
}

export interface SessionSummary {
  vitals: Record<VitalName, VitalSummary | null>;
  requests: number;
  /** Sum of transfer sizes, bytes. */
  transferBytes: number;
  longFrames: number;
  /** Sum of long-frame durations, ms. */
  longFrameMs: number;
  /** Sum of blocking durations, ms. */
  blockingMs: number;
  /** Bytes, null when the browser exposed no heap size. */
  peakHeapBytes: number | null;
  peakDomNodes: number | null;
  alerts: number;
}

/**
 * Accumulates a session's summary from its streams. web-vitals reports a metric several
 * times as it changes; each instance (metricId) counts once, at its last value.
 */
export function createSummaryAccumulator() {
  const finalVitals = new Map<string, { name: VitalName; value: number; t: number }>();
  const totals = {
    requests: 0,
    transferBytes: 0,
    longFrames: 0,
    longFrameMs: 0,
    blockingMs: 0,
    peakHeapBytes: null as number | null,
    peakDomNodes: null as number | null,
    alerts: 0,
  };

  return {
    addSample(sample: MetricSample): void {
      if (sample.kind === 'vital') {
        const key = `${sample.name}\u0000${sample.metricId || `${sample.viewId}\u0000${sample.t}`}`;
        const previous = finalVitals.get(key);
        if (!previous || previous.t <= sample.t) finalVitals.set(key, { name: sample.name, value: sample.value, t: sample.t });
      } else if (sample.kind === 'loaf') {
        totals.longFrames++;
        totals.longFrameMs += sample.duration;
        totals.blockingMs += sample.blockingDuration;
      } else {
        if (sample.heapUsed !== null) totals.peakHeapBytes = Math.max(totals.peakHeapBytes ?? 0, sample.heapUsed);
        totals.peakDomNodes = Math.max(totals.peakDomNodes ?? 0, sample.domNodes);
      }
    },
    addRequest(request: RequestRecord): void {
      totals.requests++;
      totals.transferBytes += request.transferSize;
    },
    addAlert(_alert: AlertRecord): void {
      totals.alerts++;
    },
    result(): SessionSummary {
      return { ...totals, vitals: summarizeVitals([...finalVitals.values()]) };
    },
  };
}

function summarizeVitals(finals: { name: VitalName; value: number; t: number }[]): Record<VitalName, VitalSummary | null> {
  const out = {} as Record<VitalName, VitalSummary | null>;
  for (const name of VITAL_NAMES) {
    const instances = finals.filter((item) => item.name === name).sort((a, b) => a.t - b.t);
    const values = instances.map((item) => item.value);
    const upper = p75(values);
    const mid = median(values);
    const last = instances[instances.length - 1];
    out[name] =
      upper === null || mid === null || !last
        ? null
        : { count: values.length, p75: upper, median: mid, last: last.value, rating: rateVital(name, upper) };
  }
  return out;
}

/** The summary of a loaded session, optionally of one view. */
export function summarizeSession(
  data: { samples: readonly MetricSample[]; requests: readonly RequestRecord[]; alerts: readonly AlertRecord[] },
  viewId?: string,
): SessionSummary {
  const inView = (item: { viewId: string }) => viewId === undefined || item.viewId === viewId;
  const accumulator = createSummaryAccumulator();
  for (const sample of data.samples) if (inView(sample)) accumulator.addSample(sample);
  for (const request of data.requests) if (inView(request)) accumulator.addRequest(request);
  for (const alert of data.alerts) if (inView(alert)) accumulator.addAlert(alert);
  return accumulator.result();
}
