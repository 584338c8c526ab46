/**
 * OpenTelemetry: a session as OTLP/JSON, the body of an OTLP/HTTP request
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding), in two files:
 *
 * - traces (ExportTraceServiceRequest): each view is a root span of its own trace, each request
 *   a CLIENT child span of its view with the stable HTTP and URL semantic conventions
 *   (http.request.method, http.response.status_code, url.full, server.address, ...); each
 *   Server-Timing entry is an event of its request's span;
 * - metrics (ExportMetricsServiceRequest): each reported Core Web Vital is a gauge data point
 *   with its page URL and rating as attributes.
 *
 * Encoding, as the protobuf JSON mapping with OTLP's exceptions: trace and span ids in hex, enums
 * as integers, times in nanoseconds as decimal strings (beyond 2^53); intValue attributes (status
 * codes, sizes) as JSON numbers, which the mapping also accepts and the official JS exporter writes. Ids are hashes
 * of the session, view and request identity, so exporting the same session again gives the same
 * ids and a collector can deduplicate. Sanitized like every export.
 */
import type { MetricSample, RequestRecord, Session, View, VitalName, VitalSample } from '../../model';
import { routeTemplate } from '../routes';
import { resolveSanitizer, type Sanitizer } from '../sanitize';
import { ChunkBuffer, inBatches, writeEach } from '../stream';
import { CREATOR, type ExportOptions, type SessionExportInput } from '../types';

// ---------------------------------------------------------------------------------------------
// OTLP/JSON message shapes (only the fields written here)

/** AnyValue: exactly one of its fields is set. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } };

/** KeyValue of attribute lists. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** Resource of a ResourceSpans / ResourceMetrics. */
export interface OtlpResource {
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

/** InstrumentationScope: who produced the telemetry. */
export interface OtlpScope {
  name: string;
  version: string;
}

/** Span.Event */
export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

/** Span */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** SpanKind: 1 internal, 3 client. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  events: OtlpEvent[];
  droppedEventsCount: number;
  links: [];
  droppedLinksCount: number;
  /** StatusCode: 0 unset, 2 error. */
  status: { code: number; message?: string };
  flags: number;
}

/** ExportTraceServiceRequest */
export interface OtlpTracesRequest {
  resourceSpans: { resource: OtlpResource; scopeSpans: { scope: OtlpScope; spans: OtlpSpan[] }[] }[];
}

/** NumberDataPoint (a double) */
export interface OtlpNumberDataPoint {
  attributes: OtlpKeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  asDouble: number;
}

/** Metric with a gauge */
export interface OtlpGaugeMetric {
  name: string;
  description: string;
  unit: string;
  gauge: { dataPoints: OtlpNumberDataPoint[] };
}

/** ExportMetricsServiceRequest */
export interface OtlpMetricsRequest {
  resourceMetrics: { resource: OtlpResource; scopeMetrics: { scope: OtlpScope; metrics: OtlpGaugeMetric[] }[] }[];
}

export const SPAN_KIND = { internal: 1, client: 3 } as const;
export const STATUS_CODE = { unset: 0, error: 2 } as const;
/** W3C trace flag "sampled", with SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE set: the parent is known to be local. */
const SPAN_FLAGS = 0x01 | 0x100;

export const OTLP_SCOPE: OtlpScope = { name: 'admin-performance', version: CREATOR.version };

/** Metric name and unit of each vital (UCUM units: ms, and 1 for the unitless CLS). */
export const VITAL_METRICS: Readonly<Record<VitalName, { name: string; unit: string; description: string }>> = {
  LCP: { name: 'web_vitals.lcp', unit: 'ms', description: 'Largest Contentful Paint' },
  INP: { name: 'web_vitals.inp', unit: 'ms', description: 'Interaction to Next Paint' },
  CLS: { name: 'web_vitals.cls', unit: '1', description: 'Cumulative Layout Shift' },
  FCP: { name: 'web_vitals.fcp', unit: 'ms', description: 'First Contentful Paint' },
  TTFB: { name: 'web_vitals.ttfb', unit: 'ms', description: 'Time to First Byte' },
};

// ---------------------------------------------------------------------------------------------
// Values

type Attribute = string | number | boolean | readonly string[] | null | undefined;

/** KeyValue list of the defined attributes; integers as intValue, other numbers as doubleValue. */
export function otlpAttributes(attributes: Record<string, Attribute>): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    out.push({ key, value: anyValue(value) });
  }
  return out;
}

function anyValue(value: string | number | boolean | readonly string[]): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
}

/** Epoch milliseconds (fractional) as a decimal string of nanoseconds. */
export function unixNanos(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  const nanos = Math.round((epochMs - wholeMs) * 1e6);
  return (BigInt(wholeMs) * 1_000_000n + BigInt(nanos)).toString();
}

/** 32 bits of a seeded FNV-1a-style hash with a final avalanche, as 8 hex digits. */
function hash32(text: string, seed: number): string {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A stable id of `bytes` bytes (hex) for a key; never all zeros (an invalid id in OTLP). */
export function stableId(key: string, bytes: 8 | 16): string {
  let id = '';
  for (let part = 0; part < bytes / 4; part++) id += hash32(key, 0x9e3779b9 * (part + 1));
  return /^0+$/.test(id) ? `${id.slice(0, -1)}1` : id;
}

/** The trace of a view, and the span of the view inside it. */
export function viewIds(sessionId: string, viewId: string): { traceId: string; spanId: string } {
  return { traceId: stableId(`trace|${sessionId}|${viewId}`, 16), spanId: stableId(`view|${sessionId}|${viewId}`, 8) };
}

// ---------------------------------------------------------------------------------------------
// Resource, spans, data points

/** The resource every payload of a session carries: the watched app as the service. */
export function otlpResource(session: Session, serviceName?: string): OtlpResource {
  return {
    attributes: otlpAttributes({
      'service.name': serviceName || hostOf(session.url) || 'admin-performance',
      'session.id': session.id,
      'telemetry.sdk.name': OTLP_SCOPE.name,
      'telemetry.sdk.language': 'webjs',
      'telemetry.sdk.version': CREATOR.version,
      'admin_performance.session.name': session.name,
    }),
    droppedAttributesCount: 0,
  };
}

/** A view as the root span of its trace: from its start to the next view's (or the session's end). */
export function viewSpan(view: View, endTime: number, sessionId: string): OtlpSpan {
  const { traceId, spanId } = viewIds(sessionId, view.id);
  const url = parseUrl(view.url);
  return {
    traceId,
    spanId,
    name: `${view.kind === 'hard' ? 'page load' : 'soft navigation'} ${routeTemplate(view.url)}`,
    kind: SPAN_KIND.internal,
    startTimeUnixNano: unixNanos(view.startTime),
    endTimeUnixNano: unixNanos(Math.max(view.startTime, endTime)),
    attributes: otlpAttributes({
      'url.full': view.url,
      'url.path': url?.pathname,
      'url.scheme': url?.scheme,
      'server.address': url?.hostname,
      'server.port': url?.port,
      'admin_performance.view.id': view.id,
      'admin_performance.view.kind': view.kind,
      'admin_performance.navigation.type': view.navigationType,
      'admin_performance.optimizer.strategies': view.strategies.length ? view.strategies : undefined,
    }),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: STATUS_CODE.unset },
    flags: SPAN_FLAGS,
  };
}

/** A request as a CLIENT span under its view; `key` makes its id unique (see requestKeys). */
export function requestSpan(request: RequestRecord, sessionId: string, key: string): OtlpSpan {
  const { traceId, spanId: parentSpanId } = viewIds(sessionId, request.viewId);
  const url = parseUrl(request.url);
  const method = requestMethod(request);
  const template = routeTemplate(request.url);
  const failed = request.status >= 400;
  const protocol = protocolOf(request.protocol);
  const { phases } = request;
  const responseStart = request.t + phases.redirect + phases.dns + phases.connect + phases.tls + phases.waiting;
  return {
    traceId,
    spanId: stableId(`request|${sessionId}|${key}`, 8),
    parentSpanId,
    name: `${method === '_OTHER' ? 'HTTP' : method} ${template}`,
    kind: SPAN_KIND.client,
    startTimeUnixNano: unixNanos(request.t),
    endTimeUnixNano: unixNanos(request.t + Math.max(0, request.duration)),
    attributes: otlpAttributes({
      'http.request.method': method,
      'http.response.status_code': request.status > 0 ? request.status : undefined,
      'url.full': request.url,
      'url.path': url?.pathname,
      'url.scheme': url?.scheme,
      'url.template': template,
      'server.address': url?.hostname,
      'server.port': url?.port,
      'network.protocol.name': protocol?.name,
      'network.protocol.version': protocol?.version,
      'http.response.body.size': request.encodedBodySize,
      'http.response.size': request.transferSize,
      'error.type': failed ? String(request.status) : undefined,
      'admin_performance.initiator_type': request.initiatorType,
      'admin_performance.cached': request.cached,
      'admin_performance.render_blocking': request.renderBlocking || undefined,
      'admin_performance.decoded_body_size': request.decodedBodySize,
      'admin_performance.timing.dns_ms': phases.dns,
      'admin_performance.timing.connect_ms': phases.connect,
      'admin_performance.timing.tls_ms': phases.tls,
      'admin_performance.timing.waiting_ms': phases.waiting,
      'admin_performance.timing.download_ms': phases.download,
    }),
    droppedAttributesCount: 0,
    events: request.serverTiming.map((entry) => ({
      timeUnixNano: unixNanos(Math.max(request.t, responseStart)),
      name: 'http.server_timing',
      attributes: otlpAttributes({
        'server_timing.name': entry.name,
        'server_timing.duration_ms': entry.duration,
        'server_timing.description': entry.description || undefined,
      }),
      droppedAttributesCount: 0,
    })),
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: failed ? { code: STATUS_CODE.error, message: `HTTP ${request.status}` } : { code: STATUS_CODE.unset },
    flags: SPAN_FLAGS,
  };
}

/**
 * Identity keys of requests (which carry no id): view, start, URL and type, with a counter for
 * the rare exact duplicates, so the same session always gives the same span ids.
 */
export function requestKeys(): (request: RequestRecord) => string {
  const seen = new Map<string, number>();
  return (request) => {
    const base = `${request.viewId}|${request.t}|${request.initiatorType}|${request.url}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}|${count}`;
  };
}

/** A vital report as a gauge data point, from its view's start to the report. */
export function vitalDataPoint(sample: VitalSample, view: View | undefined, sessionId: string): OtlpNumberDataPoint {
  const pageUrl = view?.url;
  return {
    attributes: otlpAttributes({
      'url.full': pageUrl,
      'url.path': pageUrl ? parseUrl(pageUrl)?.pathname : undefined,
      'web_vitals.rating': sample.rating,
      'web_vitals.navigation_type': sample.navigationType,
      'web_vitals.metric_id': sample.metricId,
      'session.id': sessionId,
      'admin_performance.view.id': sample.viewId,
    }),
    startTimeUnixNano: unixNanos(Math.min(view?.startTime ?? sample.t, sample.t)),
    timeUnixNano: unixNanos(sample.t),
    asDouble: sample.value,
  };
}

/** The gauge metrics of a set of vital data points, in VITAL_METRICS order, empty ones left out. */
export function vitalMetrics(points: ReadonlyMap<VitalName, OtlpNumberDataPoint[]>): OtlpGaugeMetric[] {
  const metrics: OtlpGaugeMetric[] = [];
  for (const [vital, meta] of Object.entries(VITAL_METRICS) as [VitalName, (typeof VITAL_METRICS)[VitalName]][]) {
    const dataPoints = points.get(vital);
    if (dataPoints?.length) metrics.push({ name: meta.name, description: meta.description, unit: meta.unit, gauge: { dataPoints } });
  }
  return metrics;
}

/** End of each view: the next view's start, else the session's end (or `now` while recording). */
export function viewEndTimes(views: readonly View[], session: Session, now: number): Map<string, number> {
  const sorted = [...views].sort((a, b) => a.startTime - b.startTime);
  const ends = new Map<string, number>();
  sorted.forEach((view, index) => ends.set(view.id, sorted[index + 1]?.startTime ?? session.endTime ?? now));
  return ends;
}

export function tracesRequest(resource: OtlpResource, spans: OtlpSpan[]): OtlpTracesRequest {
  return { resourceSpans: [{ resource, scopeSpans: [{ scope: OTLP_SCOPE, spans }] }] };
}

export function metricsRequest(resource: OtlpResource, metrics: OtlpGaugeMetric[]): OtlpMetricsRequest {
  return { resourceMetrics: [{ resource, scopeMetrics: [{ scope: OTLP_SCOPE, metrics }] }] };
}

// ---------------------------------------------------------------------------------------------
// Streaming exporters

/** Options of the OTLP exporters. */
export interface OtlpExportOptions extends ExportOptions {
  /** service.name of the resource (default: the host of the session's first URL). */
  serviceName?: string;
}

/** The traces file: one ExportTraceServiceRequest, spans written as the requests stream by. */
export async function* exportOtlpTraces(input: SessionExportInput, options: OtlpExportOptions = {}): AsyncGenerator<string> {
  const clean = resolveSanitizer(options);
  const session = clean.session(input.session);
  const views = input.views.map(clean.view);
  const ends = viewEndTimes(views, session, options.now ?? Date.now());
  const out = new ChunkBuffer();
  const [head, tail] = splitAround(JSON.stringify(tracesRequest(otlpResource(session, options.serviceName), [])), '"spans":[');
  out.write(head);
  let separator = '\n';
  const write = (span: OtlpSpan) => {
    out.write(separator + JSON.stringify(span));
    separator = ',\n';
  };
  yield* writeEach(out, views, (view) => write(viewSpan(view, ends.get(view.id) ?? view.startTime, session.id)));
  const keyOf = requestKeys();
  yield* writeEach(out, input.requests, (request) => {
    const cleanRequest = clean.request(request);
    write(requestSpan(cleanRequest, session.id, keyOf(cleanRequest)));
  });
  out.write(`\n${tail}\n`);
  yield out.take();
}

/**
 * The metrics file: one ExportMetricsServiceRequest with a gauge per vital. Points are grouped
 * per vital, so they are held (as JSON text) until the samples have been read, then written in
 * chunks.
 */
export async function* exportOtlpMetrics(input: SessionExportInput, options: OtlpExportOptions = {}): AsyncGenerator<string> {
  const clean = resolveSanitizer(options);
  const session = clean.session(input.session);
  const viewById = new Map(input.views.map((view) => [view.id, clean.view(view)]));
  const points = new Map<VitalName, string[]>();
  for await (const batch of inBatches(input.samples)) {
    for (const sample of batch) {
      if (sample.kind !== 'vital') continue;
      const list = points.get(sample.name) ?? [];
      list.push(JSON.stringify(vitalDataPoint(clean.sample(sample) as VitalSample, viewById.get(sample.viewId), session.id)));
      points.set(sample.name, list);
    }
  }
  const out = new ChunkBuffer();
  const [head, tail] = splitAround(JSON.stringify(metricsRequest(otlpResource(session, options.serviceName), [])), '"metrics":[');
  out.write(head);
  let metricSeparator = '\n';
  for (const [vital, meta] of Object.entries(VITAL_METRICS) as [VitalName, (typeof VITAL_METRICS)[VitalName]][]) {
    const list = points.get(vital);
    if (!list?.length) continue;
    out.write(`${metricSeparator}{"name":${JSON.stringify(meta.name)},"description":${JSON.stringify(meta.description)},"unit":${JSON.stringify(meta.unit)},"gauge":{"dataPoints":[`);
    metricSeparator = ',\n';
    yield* writeEach(out, list, (point) => out.write(point === list[0] ? `\n${point}` : `,\n${point}`));
    out.write('\n]}}');
  }
  out.write(`\n${tail}\n`);
  yield out.take();
}

/** Vital data points per vital of a whole sample list (for senders that batch in memory). */
export function vitalPoints(samples: Iterable<MetricSample>, views: readonly View[], sessionId: string, clean: Sanitizer): Map<VitalName, OtlpNumberDataPoint[]> {
  const viewById = new Map(views.map((view) => [view.id, clean.view(view)]));
  const points = new Map<VitalName, OtlpNumberDataPoint[]>();
  for (const sample of samples) {
    if (sample.kind !== 'vital') continue;
    const list = points.get(sample.name) ?? [];
    list.push(vitalDataPoint(clean.sample(sample) as VitalSample, viewById.get(sample.viewId), sessionId));
    points.set(sample.name, list);
  }
  return points;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function splitAround(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker) + marker.length;
  // The empty array's closing bracket starts the tail.
  return [text.slice(0, at), text.slice(at)];
}

/** GET for what the browser fetches by itself; the recorded method for fetch/XHR, _OTHER when unknown. */
function requestMethod(request: RequestRecord): string {
  if (request.method) {
    const upper = request.method.toUpperCase();
    return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
  }
  if (request.initiatorType === 'beacon') return 'POST';
  if (request.initiatorType === 'fetch' || request.initiatorType === 'xmlhttprequest') return '_OTHER';
  return 'GET';
}

const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

/** nextHopProtocol (h2, http/1.1, h3) as network.protocol.name and .version. */
function protocolOf(nextHop: string): { name: string; version: string } | undefined {
  const value = nextHop.toLowerCase();
  if (value === 'h2' || value === 'h2c') return { name: 'http', version: '2' };
  if (value === 'h3' || value.startsWith('h3-')) return { name: 'http', version: '3' };
  const match = /^http\/(\d(?:\.\d)?)$/.exec(value);
  return match ? { name: 'http', version: match[1]! } : undefined;
}

interface ParsedUrl {
  scheme: string;
  host: string;
  hostname: string;
  port: number | undefined;
  pathname: string;
}

function parseUrl(url: string): ParsedUrl | undefined {
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === 'https:' ? 443 : parsed.protocol === 'http:' ? 80 : undefined;
    return {
      scheme: parsed.protocol.replace(/:$/, ''),
      host: parsed.host,
      hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: parsed.port ? Number(parsed.port) : defaultPort,
      pathname: parsed.pathname,
    };
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  return parseUrl(url)?.host ?? '';
}
