import type { RequestRecord } from '../model';
import { createSanitizer, isCookieHeaderName, isSecretHeaderName, REDACTED } from '../sessions/sanitize';

/**
 * What DevTools' network panel knows about a request that Resource Timing does not: method,
 * status, content type and headers. Collected by the extension's DevTools page while DevTools
 * is open (chrome.devtools.network.onRequestFinished) and merged into the captured records.
 */
export interface NetworkEntry {
  url: string;
  /** Epoch ms when the request started (HAR startedDateTime). */
  started: number;
  method: string;
  status: number;
  mimeType: string;
  requestHeaders: { name: string; value: string }[];
  responseHeaders: { name: string; value: string }[];
}

/** Two clocks (Resource Timing and DevTools) disagree by a few ms; beyond this it is another request. */
export const MATCH_TOLERANCE_MS = 250;

/**
 * The entry that describes a record: same URL, closest start within the tolerance, each entry
 * used once. Returns the index into `entries`, or -1.
 */
export function matchEntry(record: Pick<RequestRecord, 'url' | 't'>, entries: readonly NetworkEntry[], used: ReadonlySet<number>): number {
  let best = -1;
  let bestGap = MATCH_TOLERANCE_MS;
  for (let i = 0; i < entries.length; i++) {
    if (used.has(i)) continue;
    const entry = entries[i]!;
    if (entry.url !== record.url) continue;
    const gap = Math.abs(entry.started - record.t);
    if (gap <= bestGap) {
      best = i;
      bestGap = gap;
    }
  }
  return best;
}

/** The record with DevTools' details added (Resource Timing's own numbers are kept). */
export function enrichRequest(record: RequestRecord, entry: NetworkEntry, options: EnrichOptions = {}): RequestRecord {
  const headers = options.keepSecretHeaders ? (list: NetworkEntry['requestHeaders']) => list : storedHeaders;
  return {
    ...record,
    method: entry.method,
    status: record.status || entry.status,
    mimeType: entry.mimeType,
    requestHeaders: headers(entry.requestHeaders),
    responseHeaders: headers(entry.responseHeaders),
  };
}

/** How DevTools' details are stored. */
export interface EnrichOptions {
  /**
   * Keep Cookie, Set-Cookie, Authorization and the other secret headers as DevTools saw them
   * (a per-site choice, off by default). Otherwise they are stored with the value REDACTED.
   */
  keepSecretHeaders?: boolean;
}

/**
 * Headers as stored by default: a secret header keeps its name (a request that sent a cookie
 * still shows it did) with the value REDACTED; other values lose secret-looking parts.
 */
export function storedHeaders(list: readonly { name: string; value: string }[]): { name: string; value: string }[] {
  const sanitizer = createSanitizer();
  return list.map(({ name, value }) =>
    isCookieHeaderName(name) || isSecretHeaderName(name) ? { name, value: REDACTED } : { name, value: sanitizer.text(value) },
  );
}
