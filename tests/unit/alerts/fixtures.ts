/** Views for the alert tests: each built from the few numbers a test cares about. */
import type { MetricSample, RequestRecord, View, VitalName } from '../../../src/core/model';
import type { ViewData } from '../../../src/core/alerts';

export const PAGE = 'https://admin.example.com/reports';
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

let counter = 0;

export interface ViewSpec {
  url?: string;
  sessionId?: string;
  t?: number;
  vitals?: Partial<Record<VitalName, number>>;
  loafs?: { duration: number; blocking: number }[];
  requests?: Partial<RequestRecord>[];
  memory?: { heapUsed: number | null; domNodes: number }[];
  strategies?: string[];
}

export function viewData(spec: ViewSpec = {}): ViewData {
  const id = `v${++counter}`;
  const t = spec.t ?? T0 + counter * 60_000;
  const view: View = { id, sessionId: spec.sessionId ?? 's1', url: spec.url ?? PAGE, startTime: t, kind: 'hard', navigationType: 'navigate', strategies: spec.strategies ?? [] };
  const samples: MetricSample[] = [];
  for (const [name, value] of Object.entries(spec.vitals ?? {})) {
    samples.push({ kind: 'vital', t: t + 500, viewId: id, name: name as VitalName, value: value!, delta: value!, rating: 'good', metricId: `${id}-${name}`, navigationType: 'navigate', attribution: {} });
  }
  for (const [i, frame] of (spec.loafs ?? []).entries()) {
    samples.push({ kind: 'loaf', t: t + 100 + i, viewId: id, source: 'long-animation-frame', duration: frame.duration, blockingDuration: frame.blocking, renderStart: null, styleAndLayoutStart: null, scripts: [] });
  }
  for (const [i, memory] of (spec.memory ?? []).entries()) {
    samples.push({ kind: 'memory', t: t + 1000 * (i + 1), viewId: id, heapUsed: memory.heapUsed, heapTotal: memory.heapUsed, domNodes: memory.domNodes });
  }
  const requests = (spec.requests ?? []).map((partial, i): RequestRecord => ({
    kind: 'request',
    viewId: id,
    t: t + 10 + i,
    url: `${new URL(spec.url ?? PAGE).origin}/asset-${i}`,
    initiatorType: 'fetch',
    duration: 10,
    phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 5, download: 5 },
    transferSize: 1000,
    encodedBodySize: 1000,
    decodedBodySize: 1000,
    status: 200,
    serverTiming: [],
    renderBlocking: '',
    cached: false,
    protocol: 'h2',
    ...partial,
  }));
  return { view, samples, requests };
}

/** One view per LCP value, one minute apart. */
export function lcpViews(values: number[], spec: ViewSpec = {}): ViewData[] {
  return values.map((value) => viewData({ ...spec, vitals: { LCP: value } }));
}
