/**
 * Schemas for everything that crosses into the background from a content script (and so,
 * indirectly, from a page). A message that fails them is dropped and counted, never stored.
 */
import * as v from 'valibot';
import { PROTOCOL_VERSION, type ContentMessage } from './protocol';
import { capturedItemSchemas, describeSchemaIssue } from '../core/sessions/schema';

const MAX_ITEMS = 5000;

const epochMs = v.pipe(v.number(), v.finite(), v.minValue(0));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const url = v.pipe(v.string(), v.maxLength(8192));
const text = v.pipe(v.string(), v.maxLength(2048));

/** The captured items' schemas, strict and bounded: this is where a page could forge input. */
export const { BrowserSupportSchema, VitalSampleSchema, LongFrameSampleSchema, MemorySampleSchema, RequestRecordSchema } = capturedItemSchemas({
  strict: true,
  maxUrl: 8192,
  maxText: 2048,
  maxList: 64,
});

export const ViewStartSchema = v.strictObject({
  kind: v.literal('view'),
  id,
  url,
  startTime: epochMs,
  viewKind: v.picklist(['hard', 'soft']),
  navigationType: v.pipe(v.string(), v.maxLength(64)),
  support: v.optional(BrowserSupportSchema),
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
  return { ok: false, error: describeSchemaIssue(result.issues[0], 'dotted') };
}

const header = v.strictObject({ name: text, value: url });
/** DevTools network entries: from the extension's own DevTools page, but their text comes from the network. */
export const NetworkEntriesSchema = v.pipe(
  v.array(
    v.strictObject({
      url,
      started: epochMs,
      method: v.pipe(v.string(), v.maxLength(16)),
      status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
      mimeType: text,
      requestHeaders: v.pipe(v.array(header), v.maxLength(200)),
      responseHeaders: v.pipe(v.array(header), v.maxLength(200)),
    }),
  ),
  v.maxLength(2000),
);
