/**
 * Reads a HAR file — ours (../export/har.ts) or one saved from Chrome's Network panel — into a
 * session: a view per page (or one view when there are no pages), a request per entry. Fields
 * a HAR may omit get neutral values; fields it must have are checked with their path.
 */
import * as v from 'valibot';
import type { RequestRecord, ServerTimingEntry, Session, SessionData, View } from '../../model';
import { HeaderSchema, MAX_EPOCH_MS, ServerTimingEntrySchema, describeSchemaIssue } from '../schema';
import { originOf } from '../routes';
import { ImportError } from './errors';
import { newSessionId, type IdentityOptions } from './identity';

/**
 * An ISO 8601 date-time with a date, a time and an offset, as HAR requires. Date.parse alone
 * would accept "1" (the year 2001) or "May 5".
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const dateTime = v.pipe(
  v.string(),
  v.check((text) => {
    if (!ISO_DATE_TIME.test(text)) return false;
    const t = Date.parse(text);
    return t >= 0 && t <= MAX_EPOCH_MS;
  }, (issue) => `expected an ISO 8601 date-time, got ${issue.received}`),
);
/** The longest duration an entry may claim: a day. Beyond it the file is wrong, not the request slow. */
export const MAX_HAR_DURATION_MS = 24 * 60 * 60 * 1000;
/**
 * A duration where HAR allows -1 (or null, as some tools write) for "unknown"; any other
 * negative value would put the end before the start.
 */
const maybeDuration = v.optional(
  v.nullable(
    v.pipe(
      v.number(),
      v.finite(),
      v.check((n) => n === -1 || (n >= 0 && n <= MAX_HAR_DURATION_MS), (issue) => `expected a duration from 0 to ${MAX_HAR_DURATION_MS} ms (or -1 for unknown), got ${issue.received}`),
    ),
  ),
);
/** A number where HAR allows -1 (or null) for "unknown": a size or a status. */
const maybeNumber = v.optional(
  v.nullable(v.pipe(v.number(), v.finite(), v.check((n) => n >= -1 && n <= MAX_EPOCH_MS, (issue) => `expected a number from -1 to ${MAX_EPOCH_MS}, got ${issue.received}`))),
);
/** An HTTP method token (RFC 9110): GET, POST, PROPFIND… never a formula or free text. */
const method = v.pipe(
  v.string(),
  v.check((text) => /^[A-Za-z][A-Za-z0-9_-]{0,31}$/.test(text), (issue) => `expected an HTTP method such as GET or POST, got ${issue.received}`),
);
const headers = v.optional(v.array(HeaderSchema));

const HarPageSchema = v.object({
  id: v.string(),
  startedDateTime: dateTime,
  title: v.optional(v.string()),
  _url: v.optional(v.string()),
  _kind: v.optional(v.picklist(['hard', 'soft'])),
  _navigationType: v.optional(v.string()),
  _strategies: v.optional(v.array(v.string())),
});

const HarEntrySchema = v.object({
  pageref: v.optional(v.string()),
  startedDateTime: dateTime,
  time: maybeDuration,
  request: v.object({ method, url: v.string(), httpVersion: v.optional(v.string()), headers }),
  response: v.optional(
    v.object({
      status: maybeNumber,
      httpVersion: v.optional(v.string()),
      headers,
      content: v.optional(v.object({ size: maybeNumber, mimeType: v.optional(v.string()) })),
      headersSize: maybeNumber,
      bodySize: maybeNumber,
      _transferSize: maybeNumber,
      _encodedBodySize: maybeNumber,
      _protocol: v.optional(v.string()),
    }),
  ),
  timings: v.optional(
    v.object({
      blocked: maybeDuration,
      dns: maybeDuration,
      connect: maybeDuration,
      ssl: maybeDuration,
      send: maybeDuration,
      wait: maybeDuration,
      receive: maybeDuration,
      _redirect: maybeDuration,
    }),
  ),
  _initiatorType: v.optional(v.string()),
  _resourceType: v.optional(v.string()),
  _renderBlocking: v.optional(v.string()),
  _serverTiming: v.optional(v.array(ServerTimingEntrySchema)),
  _cached: v.optional(v.boolean()),
  _fromCache: v.optional(v.string()),
  _source: v.optional(v.string()),
});

const HarSchema = v.object({
  log: v.object({
    pages: v.optional(v.array(HarPageSchema)),
    entries: v.array(HarEntrySchema),
  }),
});
/** A HAR with its lists' items unchecked: what a streaming reader checks once it has read the lists item by item. */
const HarSkeletonSchema = v.object({
  log: v.object({
    pages: v.optional(v.array(v.unknown())),
    entries: v.array(v.unknown()),
  }),
});

/** One checked entry of `log.entries`. */
export type HarEntry = v.InferOutput<typeof HarEntrySchema>;
/** One checked page of `log.pages`. */
export type HarPage = v.InferOutput<typeof HarPageSchema>;

export function isHar(parsed: Record<string, unknown>): boolean {
  return 'log' in parsed;
}

export interface HarImportOptions extends IdentityOptions {
  /** Name of the new session (default "HAR: <host>"). */
  name?: string;
}

const invalidHar = (issue: v.BaseIssue<unknown> | undefined, prefix: readonly (string | number)[] = []) =>
  new ImportError(`not a valid HAR file: ${describeSchemaIssue(issue, 'indexed', prefix)}`);

/** Checks `log.entries[index]`; throws the whole-file reader's ImportError, with the same path. */
export function checkHarEntry(value: unknown, index: number): HarEntry {
  const result = v.safeParse(HarEntrySchema, value, { abortEarly: true });
  if (!result.success) throw invalidHar(result.issues[0], ['log', 'entries', index]);
  return result.output;
}

/** Checks `log.pages[index]`, like checkHarEntry. */
export function checkHarPage(value: unknown, index: number): HarPage {
  const result = v.safeParse(HarPageSchema, value, { abortEarly: true });
  if (!result.success) throw invalidHar(result.issues[0], ['log', 'pages', index]);
  return result.output;
}

/** Checks what is around a HAR's lists (`log` an object, `entries` an array…), their items apart. */
export function checkHarSkeleton(parsed: Record<string, unknown>): void {
  const result = v.safeParse(HarSkeletonSchema, parsed, { abortEarly: true });
  if (!result.success) throw invalidHar(result.issues[0]);
}

/** Validates a parsed HAR and converts it; throws ImportError naming the first wrong field. */
export function importHar(parsed: Record<string, unknown>, bytes: number, options: HarImportOptions = {}): SessionData {
  const result = v.safeParse(HarSchema, parsed, { abortEarly: true });
  if (!result.success) throw invalidHar(result.issues[0]);
  const { pages = [], entries } = result.output.log;
  const conversion = new HarConversion(newSessionId(options), pages);
  const requests = entries.map((entry) => conversion.request(entry)).sort((a, b) => a.t - b.t);
  const { session, views } = conversion.finish(bytes, options.name);
  return { session, views, samples: [], requests, alerts: [] };
}

/**
 * A HAR converted one entry at a time, once its pages are known: a request per entry, and at
 * the end the views and the session row. It keeps per page only the URL its view may take
 * (its first document entry's, else its first entry's), so its memory does not grow with the
 * entries: the whole-file reader and the streaming one both convert through it.
 */
export class HarConversion {
  private readonly pageIds: Set<string>;
  private readonly viewIdOf: (entry: HarEntry, t: number) => string;
  /** Per page id, the URL of its first document entry, or else of its first entry. */
  private readonly firstUrls = new Map<string, string>();
  private readonly documentPages = new Set<string>();
  /** Without pages: the first document entry's URL, the first entry's, and the earliest start. */
  private firstDocumentUrl: string | undefined;
  private firstUrl: string | undefined;
  private earliestEntry = Infinity;
  private startTime = Infinity;
  private endTime = 0;
  private requests = 0;

  constructor(
    private readonly sessionId: string,
    private readonly pages: readonly HarPage[],
  ) {
    this.pageIds = new Set(pages.map((page) => page.id));
    this.viewIdOf = viewResolver(pages, sessionId);
  }

  /** The request of one entry (entries in file order). */
  request(entry: HarEntry): RequestRecord {
    const record = requestFromEntry(entry, this.viewIdOf);
    this.requests++;
    this.startTime = Math.min(this.startTime, record.t);
    this.endTime = Math.max(this.endTime, record.t + record.duration);
    const documentEntry = isDocument(entry);
    if (this.pages.length === 0) {
      this.earliestEntry = Math.min(this.earliestEntry, record.t);
      this.firstUrl ??= entry.request.url;
      if (documentEntry) this.firstDocumentUrl ??= entry.request.url;
      return record;
    }
    const page = entry.pageref;
    if (page !== undefined && this.pageIds.has(page) && !this.documentPages.has(page)) {
      if (documentEntry) {
        this.firstUrls.set(page, entry.request.url);
        this.documentPages.add(page);
      } else if (!this.firstUrls.has(page)) this.firstUrls.set(page, entry.request.url);
    }
    return record;
  }

  /** The views and the session row, after the last entry. */
  finish(bytes: number, name?: string): { session: Session; views: View[] } {
    const { sessionId, pages } = this;
    const views =
      pages.length > 0
        ? pages.map((page) => viewFromPage(page, sessionId, this.firstUrls.get(page.id)))
        : [syntheticView(sessionId, this.firstDocumentUrl ?? this.firstUrl, this.earliestEntry)];
    const url = views[0]?.url ?? '';
    let startTime = this.startTime;
    let endTime = this.endTime;
    for (const view of views) {
      startTime = Math.min(startTime, view.startTime);
      endTime = Math.max(endTime, view.startTime);
    }
    const session: Session = {
      id: sessionId,
      tabId: -1,
      name: name ?? `HAR: ${originOf(url).replace(/^[a-z]+:\/\//i, '') || 'imported'}`,
      url,
      title: pages[0]?.title ?? '',
      startTime: Number.isFinite(startTime) ? startTime : 0,
      endTime: Math.min(endTime, MAX_EPOCH_MS),
      origin: 'imported-har',
      counts: { views: views.length, samples: 0, requests: this.requests, alerts: 0 },
      bytes,
    };
    return { session, views };
  }
}

function viewFromPage(page: HarPage, sessionId: string, firstEntryUrl: string | undefined): View {
  const title = page.title ?? '';
  return {
    id: `${sessionId}/${page.id}`,
    sessionId,
    url: page._url ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(title) ? title : firstEntryUrl ?? title),
    startTime: Date.parse(page.startedDateTime),
    kind: page._kind ?? 'hard',
    navigationType: page._navigationType ?? 'navigate',
    strategies: page._strategies ?? [],
  };
}

/** The one view of a HAR without pages: from its first document request, or its first request. */
function syntheticView(sessionId: string, url: string | undefined, startTime: number): View {
  return {
    id: `${sessionId}/page`,
    sessionId,
    url: url ?? '',
    startTime: Number.isFinite(startTime) ? startTime : 0,
    kind: 'hard',
    navigationType: 'navigate',
    strategies: [],
  };
}

/** An entry's view: its page, or else the latest view started before it, or else the first. */
function viewResolver(pages: readonly HarPage[], sessionId: string): (entry: HarEntry, t: number) => string {
  const views = pages.length > 0 ? pages.map((page) => ({ id: `${sessionId}/${page.id}`, startTime: Date.parse(page.startedDateTime) })) : [{ id: `${sessionId}/page`, startTime: 0 }];
  const byPage = new Map(pages.map((page, index) => [page.id, views[index]?.id ?? '']));
  const byStart = [...views].sort((a, b) => a.startTime - b.startTime);
  const fallback = byStart[0]?.id ?? '';
  if (pages.length === 0) return () => fallback;
  return (entry, t) => {
    const paged = entry.pageref === undefined ? undefined : byPage.get(entry.pageref);
    if (paged) return paged;
    // The last view started at or before t, by binary search over the views in start order.
    let low = 0;
    let high = byStart.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((byStart[middle]?.startTime ?? Infinity) <= t) low = middle + 1;
      else high = middle;
    }
    return low > 0 ? byStart[low - 1]?.id ?? fallback : fallback;
  };
}

/** A duration or size HAR may give as -1 or null: 0 when unknown, and never beyond what a Date can add up. */
const positive = (n: number | null | undefined): number => (typeof n === 'number' && n > 0 ? Math.min(n, MAX_EPOCH_MS) : 0);

function requestFromEntry(entry: HarEntry, viewIdOf: (entry: HarEntry, t: number) => string): RequestRecord {
  const t = Date.parse(entry.startedDateTime);
  const timings = entry.timings ?? {};
  const response = entry.response ?? {};
  const tls = positive(timings.ssl);
  const phases = {
    redirect: positive(timings._redirect),
    dns: positive(timings.dns),
    connect: Math.max(0, positive(timings.connect) - tls),
    tls,
    waiting: positive(timings.send) + positive(timings.wait),
    download: positive(timings.receive),
  };
  const timingsTotal = Object.values(timings).reduce<number>((sum, n) => sum + positive(n), 0);
  const encodedBodySize = response._encodedBodySize ?? positive(response.bodySize);
  const responseHeaders = response.headers ?? [];
  const record: RequestRecord = {
    kind: 'request',
    viewId: viewIdOf(entry, t),
    t,
    url: entry.request.url,
    initiatorType: entry._initiatorType ?? initiatorFromResourceType(entry._resourceType),
    duration: typeof entry.time === 'number' && entry.time >= 0 ? positive(entry.time) : Math.min(timingsTotal, MAX_EPOCH_MS),
    phases,
    transferSize: Math.max(0, response._transferSize ?? positive(response.headersSize) + positive(response.bodySize)),
    encodedBodySize: Math.max(0, encodedBodySize),
    decodedBodySize: positive(response.content?.size),
    status: Math.min(999, Math.max(0, Math.round(response.status ?? 0))),
    serverTiming: entry._serverTiming ?? parseServerTiming(responseHeaders),
    renderBlocking: entry._renderBlocking ?? '',
    cached: entry._cached ?? entry._fromCache !== undefined,
    protocol: response._protocol ?? protocolFromHttpVersion(response.httpVersion ?? entry.request.httpVersion ?? ''),
  };
  if (entry._source !== 'resource-timing') {
    record.method = entry.request.method;
    record.mimeType = response.content?.mimeType ?? '';
    record.requestHeaders = entry.request.headers ?? [];
    record.responseHeaders = responseHeaders;
  }
  return record;
}

function isDocument(entry: HarEntry): boolean {
  return entry._resourceType === 'document' || entry._initiatorType === 'navigation';
}

/** Chrome's `_resourceType` as the Resource Timing initiatorType it most resembles. */
export function initiatorFromResourceType(resourceType: string | undefined): string {
  switch (resourceType) {
    case 'document':
      return 'navigation';
    case 'stylesheet':
      return 'link';
    case 'image':
      return 'img';
    case 'script':
      return 'script';
    case 'font':
      return 'css';
    case 'xhr':
      return 'xmlhttprequest';
    case 'fetch':
    case 'preflight':
      return 'fetch';
    case 'ping':
    case 'csp-violation-report':
      return 'beacon';
    case 'media':
      return 'video';
    default:
      return 'other';
  }
}

/** `HTTP/2`, `http/2.0`, `h2` -> `h2`; `HTTP/1.1` -> `http/1.1` (Resource Timing's nextHopProtocol). */
export function protocolFromHttpVersion(httpVersion: string): string {
  const lower = httpVersion.trim().toLowerCase();
  if (lower === 'h2' || /^http\/2(\.0)?$/.test(lower)) return 'h2';
  if (lower === 'h3' || /^http\/3(\.0)?$/.test(lower)) return 'h3';
  return lower;
}

/** Entries of Server-Timing response headers: `db;dur=53;desc="Query", app;dur=47.2`. */
export function parseServerTiming(headers: readonly { name: string; value: string }[]): ServerTimingEntry[] {
  const entries: ServerTimingEntry[] = [];
  for (const header of headers) {
    if (header.name.toLowerCase() !== 'server-timing') continue;
    for (const metric of header.value.split(',')) {
      const [name = '', ...params] = metric.split(';').map((part) => part.trim());
      if (!name) continue;
      const entry: ServerTimingEntry = { name, duration: 0, description: '' };
      for (const param of params) {
        const [key = '', raw = ''] = param.split('=', 2).map((part) => part.trim());
        const value = raw.replace(/^"(.*)"$/, '$1');
        if (key.toLowerCase() === 'dur') entry.duration = Math.max(0, Number(value) || 0);
        else if (key.toLowerCase() === 'desc') entry.description = value;
      }
      entries.push(entry);
    }
  }
  return entries;
}
