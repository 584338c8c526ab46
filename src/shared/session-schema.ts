/**
 * Valibot schemas of the stored data model (src/core/model.ts), for everything that arrives
 * from outside the extension's own code: imported session files, and (later) the background's
 * boundary checks. Unknown keys are dropped, not rejected, so a file written by a newer
 * version still imports; a wrong type or a missing field is an error naming its path.
 */
import * as v from 'valibot';
import type {
  AlertRecord,
  LongFrameSample,
  MemorySample,
  MetricSample,
  RequestRecord,
  Session,
  SessionData,
  View,
  VitalSample,
} from '../core/model';

/** The largest time a JavaScript Date represents (year 275760). */
export const MAX_EPOCH_MS = 8.64e15;

const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Epoch ms within the range a Date can hold. */
const epochMs = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(MAX_EPOCH_MS));
const id = v.pipe(v.string(), v.minLength(1));

export const AttributionSchema = v.record(v.string(), v.union([v.string(), finite, v.boolean(), v.null()]));

export const VitalSampleSchema = v.object({
  kind: v.literal('vital'),
  t: epochMs,
  viewId: id,
  name: v.picklist(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']),
  value: nonNegative,
  delta: finite,
  rating: v.picklist(['good', 'needs-improvement', 'poor']),
  metricId: v.string(),
  navigationType: v.string(),
  attribution: AttributionSchema,
});

export const FrameScriptSchema = v.object({
  sourceURL: v.string(),
  invoker: v.string(),
  invokerType: v.string(),
  duration: nonNegative,
  forcedStyleAndLayoutDuration: nonNegative,
});

export const LongFrameSampleSchema = v.object({
  kind: v.literal('loaf'),
  t: epochMs,
  viewId: id,
  source: v.picklist(['long-animation-frame', 'longtask']),
  duration: nonNegative,
  blockingDuration: nonNegative,
  renderStart: v.nullable(nonNegative),
  styleAndLayoutStart: v.nullable(nonNegative),
  scripts: v.array(FrameScriptSchema),
});

export const MemorySampleSchema = v.object({
  kind: v.literal('memory'),
  t: epochMs,
  viewId: id,
  heapUsed: v.nullable(nonNegative),
  heapTotal: v.nullable(nonNegative),
  domNodes: count,
});

export const MetricSampleSchema = v.variant('kind', [VitalSampleSchema, LongFrameSampleSchema, MemorySampleSchema]);

export const HeaderSchema = v.object({ name: v.string(), value: v.string() });

export const ServerTimingEntrySchema = v.object({ name: v.string(), duration: nonNegative, description: v.string() });

export const RequestPhasesSchema = v.object({
  redirect: nonNegative,
  dns: nonNegative,
  connect: nonNegative,
  tls: nonNegative,
  waiting: nonNegative,
  download: nonNegative,
});

export const RequestRecordSchema = v.object({
  kind: v.literal('request'),
  viewId: id,
  t: epochMs,
  url: v.string(),
  initiatorType: v.string(),
  duration: nonNegative,
  phases: RequestPhasesSchema,
  transferSize: nonNegative,
  encodedBodySize: nonNegative,
  decodedBodySize: nonNegative,
  status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
  serverTiming: v.array(ServerTimingEntrySchema),
  renderBlocking: v.string(),
  cached: v.boolean(),
  protocol: v.string(),
  method: v.optional(v.string()),
  mimeType: v.optional(v.string()),
  requestHeaders: v.optional(v.array(HeaderSchema)),
  responseHeaders: v.optional(v.array(HeaderSchema)),
});

export const ViewSchema = v.object({
  id,
  sessionId: id,
  url: v.string(),
  startTime: epochMs,
  kind: v.picklist(['hard', 'soft']),
  navigationType: v.string(),
  strategies: v.array(v.string()),
});

export const SessionSchema = v.object({
  id,
  tabId: v.pipe(v.number(), v.integer()),
  name: v.string(),
  url: v.string(),
  title: v.string(),
  startTime: epochMs,
  endTime: v.nullable(epochMs),
  origin: v.picklist(['captured', 'imported-json', 'imported-har']),
  counts: v.object({ views: count, samples: count, requests: count, alerts: count }),
  bytes: nonNegative,
});

export const AlertRecordSchema = v.object({
  kind: v.literal('alert'),
  id,
  viewId: id,
  t: epochMs,
  ruleId: v.string(),
  metric: v.string(),
  value: finite,
  threshold: finite,
  severity: v.picklist(['warning', 'critical']),
  message: v.string(),
});

/** A whole session as importers produce it (and as the background may check it). */
export const SessionDataSchema = v.object({
  session: SessionSchema,
  views: v.array(ViewSchema),
  samples: v.array(MetricSampleSchema),
  requests: v.array(RequestRecordSchema),
  alerts: v.array(AlertRecordSchema),
});

/** Counts per kind of what the sanitizer removed (see src/core/sessions/sanitize.ts). */
export const RemovedCountsSchema = v.record(v.string(), count);

/** The body of an Admin Performance JSON export, once its format and version are known. */
export const SessionExportBodySchema = v.object({
  exportedAt: v.string(),
  sanitized: v.boolean(),
  removed: v.optional(RemovedCountsSchema),
  session: SessionSchema,
  views: v.array(ViewSchema),
  samples: v.array(MetricSampleSchema),
  requests: v.array(RequestRecordSchema),
  alerts: v.array(AlertRecordSchema),
});

// Compile-time proof that every schema produces exactly the model's type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Proof<T extends true> = T;
export type SchemaMatchesModel = [
  Proof<Same<v.InferOutput<typeof VitalSampleSchema>, VitalSample>>,
  Proof<Same<v.InferOutput<typeof LongFrameSampleSchema>, LongFrameSample>>,
  Proof<Same<v.InferOutput<typeof MemorySampleSchema>, MemorySample>>,
  Proof<Same<v.InferOutput<typeof MetricSampleSchema>, MetricSample>>,
  Proof<Same<v.InferOutput<typeof RequestRecordSchema>, RequestRecord>>,
  Proof<Same<v.InferOutput<typeof ViewSchema>, View>>,
  Proof<Same<v.InferOutput<typeof SessionSchema>, Session>>,
  Proof<Same<v.InferOutput<typeof AlertRecordSchema>, AlertRecord>>,
  Proof<Same<v.InferOutput<typeof SessionDataSchema>, SessionData>>,
];

/**
 * "requests[3].duration: expected a number, got "abc"" — the first issue of a failed parse,
 * with its path written the way a reader would index the file.
 */
export function describeSchemaIssue(issue: v.BaseIssue<unknown>, prefix = ''): string {
  const path = prefix + formatIssuePath(issue.path);
  const what =
    issue.kind === 'schema' && issue.type === 'object' && issue.received === 'undefined'
      ? 'missing'
      : issue.expected
        ? `expected ${describeExpected(issue.expected)}, got ${issue.received}`
        : issue.message;
  return path ? `${path}: ${what}` : what;
}

function formatIssuePath(path: v.BaseIssue<unknown>['path']): string {
  let out = '';
  for (const item of path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

const ARTICLES: Readonly<Record<string, string>> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  Array: 'an array',
  Object: 'an object',
  null: 'null',
};

function describeExpected(expected: string): string {
  if (ARTICLES[expected]) return ARTICLES[expected];
  if (expected.startsWith('(') && expected.endsWith(')')) return `one of ${expected.slice(1, -1)}`;
  return expected;
}
