/**
 * Valibot schemas of the stored data model (src/core/model.ts), for everything that arrives
 * from outside the extension's own code: imported session files, and (later) the background's
 * boundary checks. Unknown keys are dropped, not rejected, so a file written by a newer
 * version still imports; a wrong type or a missing field is an error naming its path.
 */
import * as v from 'valibot';
import type {
  AlertRecord,
  AutomaticActionRecord,
  LongFrameSample,
  MemorySample,
  MetricSample,
  RequestRecord,
  Session,
  SessionData,
  View,
  VitalSample,
} from '../model';
import { formatJsonPath } from './import/json-stream';

/** The largest time a JavaScript Date represents (year 275760). */
export const MAX_EPOCH_MS = 8.64e15;

const finite = v.pipe(v.number(), v.finite());
/** A duration or size: never negative, and never beyond what an epoch time can add (1e308 would make a trace's end time Infinity). */
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(MAX_EPOCH_MS));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Epoch ms within the range a Date can hold. */
const epochMs = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(MAX_EPOCH_MS));
const id = v.pipe(v.string(), v.minLength(1));

/**
 * How a family of schemas treats its input. Imports are lenient (unknown keys dropped, no
 * length limits: a file from a newer version still loads); the capture boundary, where a page
 * could forge messages, is strict (unknown keys rejected, every string and list bounded).
 */
export interface SchemaPolicy {
  strict: boolean;
  /** Max characters of a URL, of other text, and max items of a nested list. */
  maxUrl: number;
  maxText: number;
  maxList: number;
}

const LENIENT: SchemaPolicy = { strict: false, maxUrl: Infinity, maxText: Infinity, maxList: Infinity };

/** The schemas of the captured items (samples and requests) under a policy. */
export function capturedItemSchemas(policy: SchemaPolicy) {
  const object = <T extends v.ObjectEntries>(entries: T) => (policy.strict ? v.strictObject(entries) : v.object(entries));
  const bounded = (max: number) => v.pipe(v.string(), v.maxLength(max));
  /** Identifiers and keywords get tighter bounds than free text, where bounds apply at all. */
  const cap = (n: number) => (policy.strict ? n : Infinity);
  const text = bounded(policy.maxText);
  const url = bounded(policy.maxUrl);
  const short = bounded(cap(64));
  const list = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.maxLength(policy.maxList));
  const viewId = v.pipe(v.string(), v.minLength(1), v.maxLength(cap(128)));

  const AttributionSchema = v.pipe(
    v.record(short, v.union([url, finite, v.boolean(), v.null()])),
    v.check((record) => Object.keys(record).length <= policy.maxList, 'attribution has too many fields'),
  );
  const VitalSampleSchema = object({
    kind: v.literal('vital'),
    t: epochMs,
    viewId,
    name: v.picklist(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']),
    value: nonNegative,
    delta: finite,
    rating: v.picklist(['good', 'needs-improvement', 'poor']),
    metricId: bounded(cap(128)),
    navigationType: short,
    attribution: AttributionSchema,
  });
  const FrameScriptSchema = object({ sourceURL: url, invoker: text, invokerType: short, duration: nonNegative, forcedStyleAndLayoutDuration: nonNegative });
  const LongFrameSampleSchema = object({
    kind: v.literal('loaf'),
    t: epochMs,
    viewId,
    source: v.picklist(['long-animation-frame', 'longtask']),
    duration: nonNegative,
    blockingDuration: nonNegative,
    renderStart: v.nullable(nonNegative),
    styleAndLayoutStart: v.nullable(nonNegative),
    scripts: list(FrameScriptSchema),
  });
  const BrowserSupportSchema = object({ entryTypes: list(short), memory: v.boolean() });
  const MemorySampleSchema = object({ kind: v.literal('memory'), t: epochMs, viewId, heapUsed: v.nullable(nonNegative), heapTotal: v.nullable(nonNegative), domNodes: count });
  const HeaderSchema = object({ name: text, value: url });
  const ServerTimingEntrySchema = object({ name: text, duration: nonNegative, description: text });
  const RequestPhasesSchema = object({ redirect: nonNegative, dns: nonNegative, connect: nonNegative, tls: nonNegative, waiting: nonNegative, download: nonNegative });
  const RequestRecordSchema = object({
    kind: v.literal('request'),
    viewId,
    t: epochMs,
    url,
    initiatorType: short,
    duration: nonNegative,
    phases: RequestPhasesSchema,
    transferSize: nonNegative,
    encodedBodySize: nonNegative,
    decodedBodySize: nonNegative,
    status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
    serverTiming: list(ServerTimingEntrySchema),
    renderBlocking: short,
    cached: v.boolean(),
    protocol: short,
    method: v.optional(short),
    mimeType: v.optional(text),
    requestHeaders: v.optional(list(HeaderSchema)),
    responseHeaders: v.optional(list(HeaderSchema)),
  });
  return { BrowserSupportSchema, AttributionSchema, VitalSampleSchema, FrameScriptSchema, LongFrameSampleSchema, MemorySampleSchema, HeaderSchema, ServerTimingEntrySchema, RequestPhasesSchema, RequestRecordSchema };
}

export const {
  BrowserSupportSchema,
  AttributionSchema,
  VitalSampleSchema,
  FrameScriptSchema,
  LongFrameSampleSchema,
  MemorySampleSchema,
  HeaderSchema,
  ServerTimingEntrySchema,
  RequestPhasesSchema,
  RequestRecordSchema,
} = capturedItemSchemas(LENIENT);

export const MetricSampleSchema = v.variant('kind', [VitalSampleSchema, LongFrameSampleSchema, MemorySampleSchema]);

export const ViewSchema = v.object({
  id,
  sessionId: id,
  url: v.string(),
  startTime: epochMs,
  kind: v.picklist(['hard', 'soft']),
  navigationType: v.string(),
  strategies: v.array(v.string()),
  support: v.optional(BrowserSupportSchema),
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
  support: v.optional(BrowserSupportSchema),
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
  url: v.optional(v.string()),
  unit: v.optional(v.string()),
  pageKey: v.optional(v.string()),
  clearedAt: v.optional(v.nullable(epochMs)),
  clearedViewId: v.optional(v.nullable(v.string())),
  acknowledgedAt: v.optional(v.nullable(epochMs)),
});

const nullableFinite = v.nullable(finite);

export const AutomaticActionRecordSchema = v.object({
  kind: v.literal('automatic-action'),
  id,
  alertId: v.string(),
  ruleId: v.string(),
  strategyId: v.string(),
  pattern: v.string(),
  t: epochMs,
  reason: v.string(),
  status: v.picklist(['measuring', 'kept', 'reverted', 'undone']),
  decidedAt: v.nullable(epochMs),
  evidence: v.nullable(
    v.object({
      summary: v.string(),
      loadsBefore: count,
      loadsAfter: count,
      method: v.string(),
      metrics: v.array(
        v.object({ metric: v.string(), medianBefore: nullableFinite, medianAfter: nullableFinite, changePercent: nullableFinite, pValue: nullableFinite, verdict: v.string() }),
      ),
    }),
  ),
  previousStrategies: v.array(v.string()),
});

/** A whole session as importers produce it (and as the background may check it). */
export const SessionDataSchema = v.object({
  session: SessionSchema,
  views: v.array(ViewSchema),
  samples: v.array(MetricSampleSchema),
  requests: v.array(RequestRecordSchema),
  alerts: v.array(AlertRecordSchema),
  actions: v.optional(v.array(AutomaticActionRecordSchema)),
});

/** Counts per kind of what the sanitizer removed (see src/core/sessions/sanitize.ts). */
export const RemovedCountsSchema = v.record(v.string(), count);

/**
 * The lists of an Admin Performance JSON export and the schema of one item of each: the whole-file
 * reader validates them as arrays, the streaming reader item by item, with the same rules.
 */
export const SESSION_EXPORT_LISTS = {
  views: ViewSchema,
  samples: MetricSampleSchema,
  requests: RequestRecordSchema,
  alerts: AlertRecordSchema,
  actions: AutomaticActionRecordSchema,
} as const;

/** A list of a session export (`views`, `samples`, …). */
export type SessionExportList = keyof typeof SESSION_EXPORT_LISTS;

/** Everything of an export but its lists (small: read whole by both readers). */
export const SessionExportHeaderSchema = v.object({
  exportedAt: v.string(),
  sanitized: v.boolean(),
  removed: v.optional(RemovedCountsSchema),
  session: SessionSchema,
});

/** The body of an Admin Performance JSON export, once its format and version are known. */
export const SessionExportBodySchema = v.object({
  ...SessionExportHeaderSchema.entries,
  views: v.array(SESSION_EXPORT_LISTS.views),
  samples: v.array(SESSION_EXPORT_LISTS.samples),
  requests: v.array(SESSION_EXPORT_LISTS.requests),
  alerts: v.array(SESSION_EXPORT_LISTS.alerts),
  actions: v.optional(v.array(SESSION_EXPORT_LISTS.actions)),
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
  Proof<Same<v.InferOutput<typeof AutomaticActionRecordSchema>, AutomaticActionRecord>>,
  Proof<Same<v.InferOutput<typeof SessionDataSchema>, SessionData>>,
];

/** How an issue's path is written: `requests[3].duration` (as a reader indexes a file) or `items.3.duration`. */
export type IssuePathStyle = 'indexed' | 'dotted';

/**
 * The one message for a failed valibot parse, from its first issue:
 * "requests[3].duration: expected a number, got "abc"" (the field, what it should be, what it was).
 */
export function describeSchemaIssue(
  issue: v.BaseIssue<unknown> | undefined,
  pathStyle: IssuePathStyle = 'indexed',
  /** Where the validated value sits in its file, e.g. `['samples', 12]` for one item of a list. */
  prefix: readonly (string | number)[] = [],
): string {
  if (!issue) return 'invalid input';
  const path = formatIssuePath([...prefix, ...(issue.path ?? []).map((item) => item.key)], pathStyle);
  const what =
    issue.kind === 'schema' && issue.type === 'object' && issue.received === 'undefined'
      ? 'missing'
      : issue.expected
        ? `expected ${describeExpected(issue.expected)}, got ${issue.received}`
        : issue.message;
  return path ? `${path}: ${what}` : what;
}

function formatIssuePath(path: readonly unknown[], style: IssuePathStyle): string {
  return style === 'dotted' ? path.map(String).join('.') : formatJsonPath(path);
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
