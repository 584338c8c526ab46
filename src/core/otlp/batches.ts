/**
 * A stored session as the bodies of OTLP/HTTP requests: its spans in batches of bounded size
 * (a collector's default limit on a request body is a few MB), and its vitals in one metrics
 * request. Always sanitized: sending is an export that leaves the machine.
 */
import type { SessionData } from '../model';
import {
  metricsRequest,
  otlpResource,
  requestKeys,
  requestSpan,
  tracesRequest,
  viewEndTimes,
  viewSpan,
  vitalMetrics,
  vitalPoints,
  type OtlpMetricsRequest,
  type OtlpTracesRequest,
} from '../sessions/export/otlp';
import { createSanitizer, type RemovedCounts } from '../sessions/sanitize';

/** Which OTLP/HTTP path a body goes to. */
export type OtlpSignal = 'traces' | 'metrics';

/** One OTLP/HTTP request body, ready to POST to `${endpoint}/v1/${signal}`. */
export interface OtlpBatch {
  signal: OtlpSignal;
  /** Stable within the session: "traces-0", "traces-1", "metrics". */
  id: string;
  body: OtlpTracesRequest | OtlpMetricsRequest;
  /** Spans or data points it carries. */
  items: number;
}

/** Default spans per traces request. */
export const DEFAULT_MAX_SPANS_PER_REQUEST = 512;

/** The requests that carry a session; empty signals are left out. */
export function sessionBatches(
  data: SessionData,
  options: { maxSpansPerRequest?: number; serviceName?: string; now?: number } = {},
): { batches: OtlpBatch[]; removed: RemovedCounts } {
  const max = Math.max(1, Math.floor(options.maxSpansPerRequest ?? DEFAULT_MAX_SPANS_PER_REQUEST));
  const clean = createSanitizer();
  const session = clean.session(data.session);
  const resource = otlpResource(session, options.serviceName);
  const views = data.views.map(clean.view);
  const ends = viewEndTimes(views, session, options.now ?? Date.now());
  const keyOf = requestKeys();
  const spans = [
    ...views.map((view) => viewSpan(view, ends.get(view.id) ?? view.startTime, session.id)),
    ...data.requests.map((request) => {
      const cleanRequest = clean.request(request);
      return requestSpan(cleanRequest, session.id, keyOf(cleanRequest));
    }),
  ];
  const batches: OtlpBatch[] = [];
  for (let start = 0, index = 0; start < spans.length; start += max, index++) {
    const slice = spans.slice(start, start + max);
    batches.push({ signal: 'traces', id: `traces-${index}`, body: tracesRequest(resource, slice), items: slice.length });
  }
  const metrics = vitalMetrics(vitalPoints(data.samples, data.views, session.id, clean));
  const points = metrics.reduce((sum, metric) => sum + metric.gauge.dataPoints.length, 0);
  if (points > 0) batches.push({ signal: 'metrics', id: 'metrics', body: metricsRequest(resource, metrics), items: points });
  return { batches, removed: { ...clean.removed } };
}
