/**
 * Reads OTLP/JSON back into the OpenTelemetry JS SDK's own data objects (ReadableSpan,
 * ResourceMetrics) by OTLP field names, so the official serializers of
 * @opentelemetry/otlp-transformer can re-encode them: the check that a payload decodes with
 * the official schema (see otlp.test.ts). Shared with the end-to-end test of the sender.
 */
import { expect } from 'vitest';
import type { HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { DataPointType, AggregationTemporality, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { JsonMetricsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { OtlpMetricsRequest, OtlpTracesRequest } from '../../../src/core/sessions/export/otlp';

export type Json = { [key: string]: unknown };

/** AnyValue back to a JS value, exactly one field set. */
export function fromAnyValue(value: Json): unknown {
  const keys = Object.keys(value);
  expect(keys).toHaveLength(1);
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('doubleValue' in value) return value.doubleValue;
  if ('intValue' in value) {
    expect(Number.isSafeInteger(value.intValue)).toBe(true);
    return value.intValue;
  }
  if ('arrayValue' in value) return ((value.arrayValue as Json).values as Json[]).map(fromAnyValue);
  throw new Error(`unexpected AnyValue ${JSON.stringify(value)}`);
}

export function fromAttributes(list: Json[]): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (const item of list) out[item.key as string] = fromAnyValue(item.value as Json);
  return out as Record<string, never>;
}

/** A decimal nanosecond string as the SDK's [seconds, nanoseconds]. */
function hrTime(nanos: unknown): HrTime {
  expect(nanos).toMatch(/^\d+$/);
  const value = BigInt(nanos as string);
  return [Number(value / 1_000_000_000n), Number(value % 1_000_000_000n)];
}

const hex = (bytes: number) => new RegExp(`^[0-9a-f]{${bytes * 2}}$`);

export function toReadableSpans(payload: OtlpTracesRequest): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  for (const resourceSpans of payload.resourceSpans as unknown as Json[]) {
    const resource = resourceFromAttributes(fromAttributes((resourceSpans.resource as Json).attributes as Json[]));
    for (const scopeSpans of resourceSpans.scopeSpans as Json[]) {
      const scope = scopeSpans.scope as { name: string; version: string };
      for (const span of scopeSpans.spans as Json[]) {
        expect(span.traceId).toMatch(hex(16));
        expect(span.spanId).toMatch(hex(8));
        if (span.parentSpanId !== undefined) expect(span.parentSpanId).toMatch(hex(8));
        const flags = span.flags as number;
        const status = span.status as { code: number; message?: string };
        spans.push({
          name: span.name as string,
          // The API's SpanKind is the OTLP enum minus one.
          kind: (span.kind as number) - 1,
          spanContext: () => ({ traceId: span.traceId as string, spanId: span.spanId as string, traceFlags: flags & 0xff }),
          parentSpanContext: span.parentSpanId
            ? { traceId: span.traceId as string, spanId: span.parentSpanId as string, traceFlags: flags & 0xff, isRemote: false }
            : undefined,
          startTime: hrTime(span.startTimeUnixNano),
          endTime: hrTime(span.endTimeUnixNano),
          duration: [0, 0],
          ended: true,
          status: { code: status.code, message: status.message },
          attributes: fromAttributes(span.attributes as Json[]),
          links: [],
          events: (span.events as Json[]).map((event) => ({
            name: event.name as string,
            time: hrTime(event.timeUnixNano),
            attributes: fromAttributes(event.attributes as Json[]),
            droppedAttributesCount: event.droppedAttributesCount as number,
          })),
          resource,
          instrumentationScope: scope,
          droppedAttributesCount: span.droppedAttributesCount as number,
          droppedEventsCount: span.droppedEventsCount as number,
          droppedLinksCount: span.droppedLinksCount as number,
        });
      }
    }
  }
  return spans;
}

export function toResourceMetrics(payload: OtlpMetricsRequest): ResourceMetrics[] {
  return (payload.resourceMetrics as unknown as Json[]).map((resourceMetrics) => ({
    resource: resourceFromAttributes(fromAttributes((resourceMetrics.resource as Json).attributes as Json[])),
    scopeMetrics: (resourceMetrics.scopeMetrics as Json[]).map((scopeMetrics) => ({
      scope: scopeMetrics.scope as { name: string; version: string },
      metrics: (scopeMetrics.metrics as Json[]).map((metric) => {
        const gauge = metric.gauge as { dataPoints: Json[] };
        expect(gauge).toBeDefined();
        return {
          descriptor: { name: metric.name as string, description: metric.description as string, unit: metric.unit as string, valueType: 1 /* DOUBLE */ },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints: gauge.dataPoints.map((point) => ({
            startTime: hrTime(point.startTimeUnixNano),
            endTime: hrTime(point.timeUnixNano),
            attributes: fromAttributes(point.attributes as Json[]),
            value: point.asDouble as number,
          })),
        };
      }),
    })),
  })) as ResourceMetrics[];
}

export const decodeJson = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

/** The official serializers' OTLP/JSON for our payloads, as parsed JSON. */
export function officialTraces(payload: OtlpTracesRequest): unknown {
  return decodeJson(JsonTraceSerializer.serializeRequest(toReadableSpans(payload))!);
}

export function officialMetrics(payload: OtlpMetricsRequest): unknown {
  return decodeJson(JsonMetricsSerializer.serializeRequest(toResourceMetrics(payload)[0]!)!);
}
