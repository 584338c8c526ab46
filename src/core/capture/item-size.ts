/**
 * How many bytes a capture item holds, for the delivery queue's byte bounds. The two items every
 * page sends most (a request per Resource Timing entry, a memory sample per second) are bounded
 * from their only variable-length fields instead of serialised: an upper bound of their JSON
 * length (every other field is a number, a boolean or a short name). Anything else, and a
 * request with server timings, is measured by its JSON.
 */
import type { MemorySample, RequestRecord } from '../model';

/** The JSON of a request record without its URL, view id, method and server timings, at most (keys and numbers of 17 digits). */
const REQUEST_FIXED_BYTES = 760;
/** The same for a memory sample without its view id. */
const MEMORY_FIXED_BYTES = 160;

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

type Sized = { kind?: unknown };

const jsonLength = (item: unknown): number => JSON.stringify(item)?.length ?? 0;

export function captureItemBytes(item: unknown): number {
  const kind = (item as Sized | null)?.kind;
  if (kind === 'request') {
    const r = item as RequestRecord;
    // A serialised URL is ASCII with nothing JSON escapes, except a data: URL's backslashes or quotes.
    if (r.serverTiming.length > 0 || r.requestHeaders || r.responseHeaders || NEEDS_ESCAPE.test(r.url)) return jsonLength(item);
    return REQUEST_FIXED_BYTES + r.url.length + r.viewId.length + r.initiatorType.length + r.protocol.length + r.renderBlocking.length + (r.method?.length ?? 0);
  }
  if (kind === 'memory') return MEMORY_FIXED_BYTES + (item as MemorySample).viewId.length;
  return jsonLength(item);
}
