/**
 * Reads a HAR file — ours (../export/har.ts) or one saved from Chrome's Network panel — into a
 * session: a view per page (or one view when there are no pages), a request per entry. Fields
 * a HAR may omit get neutral values; fields it must have are checked with their path.
 */
import * as v from 'valibot';
import type { RequestRecord, ServerTimingEntry, SessionData, View } from '../../model';
import { HeaderSchema, MAX_EPOCH_MS, ServerTimingEntrySchema, describeSchemaIssue } from '../schema';
import { originOf } from '../routes';
import { ImportError } from './errors';
import { newSessionId, type IdentityOptions } from './identity';

const dateTime = v.pipe(
  v.string(),
  v.check((text) => {
    const t = Date.parse(text);
    return t >= 0 && t <= MAX_EPOCH_MS;
  }, (issue) => `expected an ISO 8601 date-time, got ${issue.received}`),
);
/** A number where HAR allows -1 (or null, as some tools write) for "unknown". */
const maybeNumber = v.optional(v.nullable(v.pipe(v.number(), v.finite())));
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
  time: maybeNumber,
  request: v.object({ method: v.string(), url: v.string(), httpVersion: v.optional(v.string()), headers }),
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
      blocked: maybeNumber,
      dns: maybeNumber,
      connect: maybeNumber,
      ssl: maybeNumber,
      send: maybeNumber,
      wait: maybeNumber,
      receive: maybeNumber,
      _redirect: maybeNumber,
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

type HarEntry = v.InferOutput<typeof HarEntrySchema>;
type HarPage = v.InferOutput<typeof HarPageSchema>;

export function isHar(parsed: Record<string, unknown>): boolean {
  return 'log' in parsed;
}

export interface HarImportOptions extends IdentityOptions {
  /** Name of the new session (default "HAR: <host>"). */
  name?: string;
}

/** Validates a parsed HAR and converts it; throws ImportError naming the first wrong field. */
export function importHar(parsed: Record<string, unknown>, bytes: number, options: HarImportOptions = {}): SessionData {
  const result = v.safeParse(HarSchema, parsed, { abortEarly: true });
  if (!result.success) throw new ImportError(`not a valid HAR file: ${describeSchemaIssue(result.issues[0])}`);
  const { pages = [], entries } = result.output.log;
  const sessionId = newSessionId(options);

  const views = pages.length > 0 ? pages.map((page) => viewFromPage(page, sessionId, entries)) : [syntheticView(sessionId, entries)];
  const viewIdOf = viewResolver(pages, views);
  const requests = entries.map((entry) => requestFromEntry(entry, viewIdOf)).sort((a, b) => a.t - b.t);

  const url = views[0]?.url ?? '';
  let startTime = Infinity;
  let endTime = 0;
  for (const view of views) {
    startTime = Math.min(startTime, view.startTime);
    endTime = Math.max(endTime, view.startTime);
  }
  for (const request of requests) {
    startTime = Math.min(startTime, request.t);
    endTime = Math.max(endTime, request.t + request.duration);
  }
  return {
    session: {
      id: sessionId,
      tabId: -1,
      name: options.name ?? `HAR: ${originOf(url).replace(/^[a-z]+:\/\//i, '') || 'imported'}`,
      url,
      title: pages[0]?.title ?? '',
      startTime: Number.isFinite(startTime) ? startTime : 0,
      endTime: Math.min(endTime, MAX_EPOCH_MS),
      origin: 'imported-har',
      counts: { views: views.length, samples: 0, requests: requests.length, alerts: 0 },
      bytes,
    },
    views,
    samples: [],
    requests,
    alerts: [],
  };
}

function viewFromPage(page: HarPage, sessionId: string, entries: HarEntry[]): View {
  const title = page.title ?? '';
  const firstEntry = entries.find((entry) => entry.pageref === page.id && isDocument(entry)) ?? entries.find((entry) => entry.pageref === page.id);
  return {
    id: `${sessionId}/${page.id}`,
    sessionId,
    url: page._url ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(title) ? title : firstEntry?.request.url ?? title),
    startTime: Date.parse(page.startedDateTime),
    kind: page._kind ?? 'hard',
    navigationType: page._navigationType ?? 'navigate',
    strategies: page._strategies ?? [],
  };
}

/** The one view of a HAR without pages: from its first document request, or its first request. */
function syntheticView(sessionId: string, entries: HarEntry[]): View {
  const first = entries.find(isDocument) ?? entries[0];
  let startTime = Infinity;
  for (const entry of entries) startTime = Math.min(startTime, Date.parse(entry.startedDateTime));
  return {
    id: `${sessionId}/page`,
    sessionId,
    url: first?.request.url ?? '',
    startTime: Number.isFinite(startTime) ? startTime : 0,
    kind: 'hard',
    navigationType: 'navigate',
    strategies: [],
  };
}

/** An entry's view: its page, or else the latest view started before it, or else the first. */
function viewResolver(pages: HarPage[], views: View[]): (entry: HarEntry, t: number) => string {
  const byPage = new Map(pages.map((page, index) => [page.id, views[index]?.id ?? '']));
  const byStart = [...views].sort((a, b) => a.startTime - b.startTime);
  const fallback = byStart[0]?.id ?? '';
  return (entry, t) => {
    const paged = entry.pageref === undefined ? undefined : byPage.get(entry.pageref);
    if (paged) return paged;
    let found = fallback;
    for (const view of byStart) if (view.startTime <= t) found = view.id;
    return found;
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
