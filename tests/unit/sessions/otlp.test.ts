/**
 * The OTLP export against the official OpenTelemetry JS implementation.
 *
 * @opentelemetry/otlp-transformer 0.2xx no longer ships protobufjs-generated message classes
 * (nor the .proto files), so "decodes with the official schema" is checked this way: every
 * span and data point of our JSON is read back by OTLP field names into the SDK's own data
 * objects (ReadableSpan, ResourceMetrics), which the official JsonTraceSerializer /
 * JsonMetricsSerializer turn into OTLP/JSON again; that must equal our payload. A misspelt field, a wrong enum, a time not in nanoseconds or an id of the wrong
 * length changes the SDK's output and fails. The official ProtobufTraceSerializer and
 * ProtobufMetricsSerializer then encode the same objects to binary protobuf.
 */
import { describe, expect, it } from 'vitest';
import {
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { IExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types';
import type { IExportMetricsServiceRequest } from '@opentelemetry/otlp-transformer/build/src/metrics/internal-types';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import { ATTR_HTTP_RESPONSE_BODY_SIZE, ATTR_HTTP_RESPONSE_SIZE, ATTR_SESSION_ID, ATTR_URL_TEMPLATE } from '@opentelemetry/semantic-conventions/incubating';
import { startExport } from '../../../src/core/sessions/export/registry';
import type { OtlpMetricsRequest, OtlpTracesRequest } from '../../../src/core/sessions/export/otlp';
import { exportInputFrom } from '../../../src/core/sessions/types';
import type { SessionData } from '../../../src/core/model';
import { collect, EXPORTED_AT, smallSession } from './helpers';
import { decodeJson, fromAnyValue, toReadableSpans, toResourceMetrics, type Json } from './otlp-official';

async function exportOtlp(data: SessionData, sanitize = true): Promise<{ traces: OtlpTracesRequest; metrics: OtlpMetricsRequest; raw: string[] }> {
  const { files } = startExport('otlp', exportInputFrom(data), { sanitize, now: EXPORTED_AT });
  expect(files.map((file) => file.suffix)).toEqual(['.otlp-traces.json', '.otlp-metrics.json']);
  const raw = await Promise.all(files.map((file) => collect(file.chunks)));
  return { traces: JSON.parse(raw[0]!) as OtlpTracesRequest, metrics: JSON.parse(raw[1]!) as OtlpMetricsRequest, raw };
}


describe('OTLP export, checked with the official OpenTelemetry serializers', () => {
  const session = smallSession();

  it('traces: the SDK re-encodes our spans to the same OTLP/JSON, and to binary protobuf', async () => {
    const { traces } = await exportOtlp(session);
    const spans = toReadableSpans(traces);
    expect(spans).toHaveLength(session.views.length + session.requests.length);
    const official = decodeJson(JsonTraceSerializer.serializeRequest(spans)!);
    expect(official).toEqual(traces);
    const typed: IExportTraceServiceRequest = traces;
    expect(typed.resourceSpans).toHaveLength(1);
    const binary = ProtobufTraceSerializer.serializeRequest(spans)!;
    expect(binary.byteLength).toBeGreaterThan(1000);
  });

  it('metrics: the SDK re-encodes our gauges to the same OTLP/JSON, and to binary protobuf', async () => {
    const { metrics } = await exportOtlp(session);
    const resourceMetrics = toResourceMetrics(metrics);
    expect(decodeJson(JsonMetricsSerializer.serializeRequest(resourceMetrics[0]!)!)).toEqual(metrics);
    const typed: IExportMetricsServiceRequest = metrics;
    expect(typed.resourceMetrics[0]?.scopeMetrics[0]?.metrics.length).toBeGreaterThan(0);
    expect(ProtobufMetricsSerializer.serializeRequest(resourceMetrics[0]!)!.byteLength).toBeGreaterThan(100);
  });

  it('a field the schema does not know makes the check fail (the check can fail)', async () => {
    const { traces } = await exportOtlp(session);
    const broken = structuredClone(traces) as unknown as Json;
    const span = ((broken.resourceSpans as Json[])[0]!.scopeSpans as Json[])[0]!.spans as Json[];
    (span[0] as Json).startTimeUnixNanos = (span[0] as Json).startTimeUnixNano;
    delete (span[0] as Json).startTimeUnixNano;
    expect(() => toReadableSpans(broken as unknown as OtlpTracesRequest)).toThrow();
  });
});

describe('OTLP export content', () => {
  const session = smallSession();
  const spansOf = (traces: OtlpTracesRequest) => traces.resourceSpans[0]!.scopeSpans[0]!.spans;
  const attrs = (list: { key: string; value: unknown }[]) => Object.fromEntries(list.map((kv) => [kv.key, fromAnyValue(kv.value as Json)]));

  it('a view is a root span and each of its requests a CLIENT child with the HTTP and URL conventions', async () => {
    const { traces } = await exportOtlp(session);
    const spans = spansOf(traces);
    const views = spans.filter((span) => span.parentSpanId === undefined);
    expect(views).toHaveLength(session.views.length);
    const byId = new Map(views.map((span) => [span.spanId, span]));
    const requests = spans.filter((span) => span.parentSpanId !== undefined);
    for (const span of requests) {
      const parent = byId.get(span.parentSpanId!);
      expect(parent, 'the parent view span exists').toBeDefined();
      expect(span.traceId).toBe(parent!.traceId);
      expect(span.kind).toBe(3);
    }
    const sample = session.requests.find((r) => r.method === 'POST' && r.status === 201 && r.serverTiming.length > 0)!;
    expect(sample).toBeDefined();
    const span = requests.find((s) => attrs(s.attributes)[ATTR_URL_FULL] === sample.url && Math.abs(Number(BigInt(s.startTimeUnixNano) / 1000n) - sample.t * 1000) < 2)!;
    const a = attrs(span.attributes);
    const url = new URL(sample.url);
    expect(a[ATTR_HTTP_REQUEST_METHOD]).toBe('POST');
    expect(a[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(201);
    expect(a[ATTR_URL_PATH]).toBe(url.pathname);
    expect(a[ATTR_URL_SCHEME]).toBe(url.protocol.replace(':', ''));
    expect(a[ATTR_SERVER_ADDRESS]).toBe(url.hostname);
    expect(a[ATTR_SERVER_PORT]).toBe(url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
    expect(a[ATTR_NETWORK_PROTOCOL_NAME]).toBe('http');
    expect(a[ATTR_NETWORK_PROTOCOL_VERSION]).toBe(sample.protocol === 'h2' ? '2' : '1.1');
    expect(a[ATTR_HTTP_RESPONSE_BODY_SIZE]).toBe(sample.encodedBodySize);
    expect(a[ATTR_HTTP_RESPONSE_SIZE]).toBe(sample.transferSize);
    expect(typeof a[ATTR_URL_TEMPLATE]).toBe('string');
    expect(span.name).toBe(`POST ${a[ATTR_URL_TEMPLATE]}`);
    // Within a microsecond: the epoch-ms floats carry no more precision than that.
    expect(Math.abs(Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) - sample.duration * 1e6)).toBeLessThan(1000);
    expect(span.events.map((event) => attrs(event.attributes)['server_timing.name'])).toEqual(sample.serverTiming.map((entry) => entry.name));
    expect(span.events[0]!.name).toBe('http.server_timing');
    expect(attrs(span.events[0]!.attributes)['server_timing.duration_ms']).toBe(sample.serverTiming[0]!.duration);
  });

  it('a failed request has an error status and error.type', async () => {
    const { traces } = await exportOtlp(session);
    const failed = session.requests.find((r) => r.status >= 500)!;
    expect(failed).toBeDefined();
    const span = spansOf(traces).find((s) => attrs(s.attributes)[ATTR_HTTP_RESPONSE_STATUS_CODE] === failed.status)!;
    expect(span.status.code).toBe(2);
    expect(attrs(span.attributes)[ATTR_ERROR_TYPE]).toBe(String(failed.status));
  });

  it('each vital report is a gauge data point with its page URL and rating', async () => {
    const { metrics } = await exportOtlp(session);
    const scope = metrics.resourceMetrics[0]!.scopeMetrics[0]!;
    const vitals = session.samples.filter((s) => s.kind === 'vital');
    expect(scope.metrics.reduce((n, metric) => n + metric.gauge.dataPoints.length, 0)).toBe(vitals.length);
    const lcp = scope.metrics.find((metric) => metric.name === 'web_vitals.lcp')!;
    expect(lcp.unit).toBe('ms');
    const first = vitals.find((s) => s.kind === 'vital' && s.name === 'LCP')!;
    const point = lcp.gauge.dataPoints[0]!;
    expect(point.asDouble).toBe(first.kind === 'vital' ? first.value : NaN);
    const a = attrs(point.attributes);
    expect(a[ATTR_URL_FULL]).toBe(session.views.find((v) => v.id === first.viewId)!.url);
    expect(a['web_vitals.rating']).toBe(first.kind === 'vital' ? first.rating : '');
    const cls = scope.metrics.find((metric) => metric.name === 'web_vitals.cls');
    if (cls) expect(cls.unit).toBe('1');
    const resource = attrs(metrics.resourceMetrics[0]!.resource.attributes);
    expect(resource[ATTR_SERVICE_NAME]).toBe(new URL(session.session.url).host);
    expect(resource[ATTR_SESSION_ID]).toBe(session.session.id);
  });

  it('ids are derived from the session: the same session exports the same ids, another session other ids', async () => {
    const once = await exportOtlp(session);
    const twice = await exportOtlp(smallSession());
    expect(twice.raw).toEqual(once.raw);
    const ids = spansOf(once.traces).map((span) => span.spanId);
    expect(new Set(ids).size).toBe(ids.length);
    const other = await exportOtlp({ ...session, session: { ...session.session, id: 'another-session' } });
    const otherIds = new Set(spansOf(other.traces).map((span) => span.spanId));
    expect(ids.filter((id) => otherIds.has(id))).toEqual([]);
  });

  it('exact duplicate requests still get distinct span ids', async () => {
    const request = session.requests[0]!;
    const data = { ...session, requests: [request, { ...request }] };
    const { traces } = await exportOtlp(data);
    const requestSpans = spansOf(traces).filter((span) => span.parentSpanId !== undefined);
    expect(new Set(requestSpans.map((span) => span.spanId)).size).toBe(2);
  });
});
