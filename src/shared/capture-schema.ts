/**
 * Schemas for everything that crosses into the background from a content script (and so,
 * indirectly, from a page). A message that fails them is dropped and counted, never stored.
 */
import * as v from 'valibot';
import { PROTOCOL_VERSION, type ContentMessage } from './protocol';

const MAX_URL = 8192;
const MAX_TEXT = 2048;
const MAX_ITEMS = 5000;

const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const epochMs = v.pipe(v.number(), v.finite(), v.minValue(0));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const url = v.pipe(v.string(), v.maxLength(MAX_URL));
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));

export const AttributionSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), v.union([v.pipe(v.string(), v.maxLength(MAX_URL)), finite, v.boolean(), v.null()])),
  v.check((record) => Object.keys(record).length <= 64, 'attribution has more than 64 fields'),
);

export const VitalSampleSchema = v.strictObject({
  kind: v.literal('vital'),
  t: epochMs,
  viewId: id,
  name: v.picklist(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']),
  value: nonNegative,
  delta: finite,
  rating: v.picklist(['good', 'needs-improvement', 'poor']),
  metricId: id,
  navigationType: v.pipe(v.string(), v.maxLength(64)),
  attribution: AttributionSchema,
});

export const FrameScriptSchema = v.strictObject({
  sourceURL: url,
  invoker: text,
  invokerType: v.pipe(v.string(), v.maxLength(64)),
  duration: nonNegative,
  forcedStyleAndLayoutDuration: nonNegative,
});

export const LongFrameSampleSchema = v.strictObject({
  kind: v.literal('loaf'),
  t: epochMs,
  viewId: id,
  source: v.picklist(['long-animation-frame', 'longtask']),
  duration: nonNegative,
  blockingDuration: nonNegative,
  renderStart: v.nullable(nonNegative),
  styleAndLayoutStart: v.nullable(nonNegative),
  scripts: v.pipe(v.array(FrameScriptSchema), v.maxLength(64)),
});

export const MemorySampleSchema = v.strictObject({
  kind: v.literal('memory'),
  t: epochMs,
  viewId: id,
  heapUsed: v.nullable(nonNegative),
  heapTotal: v.nullable(nonNegative),
  domNodes: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const HeaderSchema = v.strictObject({ name: text, value: v.pipe(v.string(), v.maxLength(MAX_URL)) });

export const RequestRecordSchema = v.strictObject({
  kind: v.literal('request'),
  viewId: id,
  t: epochMs,
  url,
  initiatorType: v.pipe(v.string(), v.maxLength(64)),
  duration: nonNegative,
  phases: v.strictObject({
    redirect: nonNegative,
    dns: nonNegative,
    connect: nonNegative,
    tls: nonNegative,
    waiting: nonNegative,
    download: nonNegative,
  }),
  transferSize: nonNegative,
  encodedBodySize: nonNegative,
  decodedBodySize: nonNegative,
  status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
  serverTiming: v.pipe(
    v.array(v.strictObject({ name: text, duration: nonNegative, description: text })),
    v.maxLength(32),
  ),
  renderBlocking: v.pipe(v.string(), v.maxLength(32)),
  cached: v.boolean(),
  protocol: v.pipe(v.string(), v.maxLength(32)),
  method: v.optional(v.pipe(v.string(), v.maxLength(16))),
  mimeType: v.optional(text),
  requestHeaders: v.optional(v.pipe(v.array(HeaderSchema), v.maxLength(200))),
  responseHeaders: v.optional(v.pipe(v.array(HeaderSchema), v.maxLength(200))),
});

export const ViewStartSchema = v.strictObject({
  kind: v.literal('view'),
  id,
  url,
  startTime: epochMs,
  viewKind: v.picklist(['hard', 'soft']),
  navigationType: v.pipe(v.string(), v.maxLength(64)),
});

export const CaptureItemSchema = v.variant('kind', [
  ViewStartSchema,
  VitalSampleSchema,
  LongFrameSampleSchema,
  MemorySampleSchema,
  RequestRecordSchema,
]);

export const HelloSchema = v.strictObject({
  type: v.literal('hello'),
  protocol: v.literal(PROTOCOL_VERSION),
  pageId: id,
  url,
  title: text,
});

export const BatchSchema = v.strictObject({
  type: v.literal('batch'),
  pageId: id,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  items: v.pipe(v.array(CaptureItemSchema), v.maxLength(MAX_ITEMS)),
  dropped: v.pipe(v.number(), v.integer(), v.minValue(0)),
  rejected: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const ContentMessageSchema = v.variant('type', [HelloSchema, BatchSchema]);

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Validates a message from a content script; the error names the first offending field. */
export function parseContentMessage(input: unknown): ParseResult<ContentMessage> {
  const result = v.safeParse(ContentMessageSchema, input);
  if (result.success) return { ok: true, value: result.output as ContentMessage };
  return { ok: false, error: describeIssue(result.issues[0]) };
}

export function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'invalid message';
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}
