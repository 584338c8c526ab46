/**
 * Messages of the response cache: page world <-> content script (window.postMessage) and
 * content script <-> background (runtime messages). The page world is untrusted: the content
 * script checks every message exactly before relaying it, and the background checks it again
 * and decides the partition itself (from the sender tab and the cookies the browser holds).
 * The page-world client imports only the constants and types from here, to stay small.
 */

/** window.postMessage source of the page-world cache client. */
export const RC_PAGE_SOURCE = 'admin-performance/response-cache-page';
/** window.postMessage source of the content script's replies. */
export const RC_CONTENT_SOURCE = 'admin-performance/response-cache-content';
export const RC_PROTOCOL = 1;
/**
 * DOM events dispatched on window, handled synchronously in the other world: the page-world client
 * asks the content script's hot tier (detail: the lookup as JSON) and, on a held hit, the content
 * script answers before dispatchEvent returns (detail: the hit as JSON). Nothing else rides on them.
 */
export const RC_HOT_PROBE_EVENT = 'admin-performance:rc-hot-probe';
/**
 * The page client's lookups, stores and mutations (detail: the message as JSON), and the content
 * script's replies and prefetches (the same): DOM events run the other world's listener at once,
 * where window.postMessage costs a task hop each way. The configuration still travels by
 * postMessage (it may be sent before the page client listens; a message task waits for it).
 */
export const RC_PAGE_EVENT = 'admin-performance:rc-page';
export const RC_CONTENT_EVENT = 'admin-performance:rc-content';
export const RC_HOT_ANSWER_EVENT = 'admin-performance:rc-hot-answer';

/** Largest body the cache stores or answers with, bytes (as text or base64). */
export const RC_MAX_BODY_CHARS = 8 * 1024 * 1024;
const MAX_URL = 8192;
const MAX_HEADERS = 100;
const MAX_HEADER_CHARS = 16 * 1024;

/** A body crossing a boundary: text as is, anything else base64 (extension messaging is JSON). */
export type WireBody = { text: string } | { base64: string };

/** Page -> content: may this request be answered from the cache? */
export interface RcLookup {
  type: 'rc-lookup';
  id: number;
  method: string;
  url: string;
  /** Request headers the page set (names lower-case). */
  headers: Record<string, string>;
  /** The body when it is text (POST endpoints are keyed by its hash), else null. */
  body: string | null;
}

/** Page -> content: the network's response to a request the background asked to store. */
export interface RcStore {
  type: 'rc-store';
  token: string;
  status: number;
  statusText: string;
  /** Response headers as the page saw them, in order. */
  headers: [string, string][];
  body: WireBody;
  /** Network time of the request, ms (what a later hit saves). */
  costMs: number;
  /** Response URL after redirects. */
  url: string;
}

/** Page -> content: a request that changes something (or logs out) is being made / was made. */
export interface RcMutation {
  type: 'rc-mutation';
  /** Set when the page client waits for the invalidation to be done (it answers with an rc-reply). */
  id: number | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  phase: 'start' | 'end';
}

export type RcPageMessage = RcLookup | RcStore | RcMutation;

/** Content -> page: what to do with a looked-up request. */
export type RcLookupReply =
  | { kind: 'network' }
  | { kind: 'store'; token: string }
  | { kind: 'hit'; status: number; statusText: string; headers: [string, string][]; body: WireBody; url: string; stale: boolean; revalidateToken: string | null };

/** A request the page client may fetch at idle into the cache. */
export interface RcPrefetch {
  url: string;
  token: string;
}

/** The rule patterns the page client filters by, so requests no rule covers cost no round trip. */
export interface RcPageRule {
  urlPattern: string;
  methods: string[];
  postEndpoints: string[];
}

/** Content -> page messages. */
export type RcContentMessage =
  | { source: typeof RC_CONTENT_SOURCE; v: typeof RC_PROTOCOL; type: 'rc-config'; enabled: boolean; rules: RcPageRule[]; logoutPattern: string; lookupTimeoutMs: number }
  | { source: typeof RC_CONTENT_SOURCE; v: typeof RC_PROTOCOL; type: 'rc-reply'; id: number; reply: RcLookupReply; prefetch: RcPrefetch[] }
  | { source: typeof RC_CONTENT_SOURCE; v: typeof RC_PROTOCOL; type: 'rc-prefetch'; prefetch: RcPrefetch[] };

/** Content -> background runtime message types. */
export const RC_BACKGROUND = {
  lookup: 'response-cache/lookup',
  store: 'response-cache/store',
  mutation: 'response-cache/mutation',
  /** A lookup the content script answered from its hot tier (counted, and fed to the predictor). */
  hotHit: 'response-cache/hot-hit',
  /** A new document of a page asks for the fresh answers to what the page asked before (its warm start). */
  warm: 'response-cache/warm',
} as const;

/** Most entries, and body characters, a warm start hands the content script. */
export const RC_WARM_MAX_ENTRIES = 24;
export const RC_WARM_MAX_CHARS = 2 * 1024 * 1024;

/** One answer of a warm start: the request as the page made it, the hit and how long to hold it. */
export interface RcWarmEntry {
  request: Pick<RcLookup, 'method' | 'url' | 'headers' | 'body'>;
  hit: Extract<RcLookupReply, { kind: 'hit' }>;
  hotMs: number;
}

/**
 * The port the content script relays lookups, stores and mutations over (one per document): one
 * open channel instead of a new one per message, and the page's order kept (a store before the
 * lookup that follows it). Each message is `{ id, message }`, each answer `{ id, answer }`.
 */
export const RC_PORT = 'ap-response-cache';

/** Background -> content script (tabs.sendMessage): drop every response held in the hot tier. */
export const RC_HOT_DROP = 'response-cache/hot-drop';

/** Longest a hot-tier copy is held, ms (it is also dropped whenever the background says so). */
export const RC_MAX_HOT_MS = 60_000;

/** What the background answers a lookup with. */
export interface RcBackgroundLookupReply {
  reply: RcLookupReply;
  prefetch: RcPrefetch[];
  /** A fresh hit the content script may answer again by itself for this long, ms (until dropped). */
  hotMs?: number;
}

/** What the background answers a store with. */
export interface RcBackgroundStoreReply {
  stored: boolean;
  reason?: string;
  /** Stored fresh: the content script may answer this request by itself for this long, ms (until dropped). */
  hotMs?: number;
}

/** The store answer as the content script may trust it: hotMs only when stored, bounded. */
export function parseRcBackgroundStoreReply(value: unknown): { stored: boolean; hotMs: number } | null {
  if (!isPlainObject(value) || typeof value.stored !== 'boolean') return null;
  const hotMs = value.stored && typeof value.hotMs === 'number' && Number.isFinite(value.hotMs) && value.hotMs > 0 ? Math.min(value.hotMs, RC_MAX_HOT_MS) : 0;
  return { stored: value.stored, hotMs };
}

/**
 * What the content script adds to every relayed lookup, read by itself (the page cannot set it):
 * when one changes, the background recomputes the identity from the cookie jar.
 */
export interface RcRelayContext {
  /** A random id of the document the content script runs in (a new page load is a new one). */
  doc: string;
  /** A hash of document.cookie as the content script read it when it sent the lookup. */
  cookie: string;
  /** performance.timeOrigin + now() at sending (instrumentation of the inbound hop). */
  sentAt: number;
}

/** The relay context, checked; null when malformed. */
export function parseRcRelayContext(value: unknown): RcRelayContext | null {
  if (!isPlainObject(value)) return null;
  const { doc, cookie, sentAt } = value;
  if (typeof doc !== 'string' || doc.length < 1 || doc.length > 64 || typeof cookie !== 'string' || cookie.length > 64 || typeof sentAt !== 'number' || !Number.isFinite(sentAt)) return null;
  return { doc, cookie, sentAt };
}

// ---- validation (content script and background) --------------------------------------------

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function checkUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length < 1 || value.length > MAX_URL) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function checkHeaderRecord(value: unknown): Record<string, string> | null {
  if (!isPlainObject(value)) return null;
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS) return null;
  const out: Record<string, string> = {};
  for (const [name, v] of entries) {
    if (typeof v !== 'string' || name.length > 256 || v.length > MAX_HEADER_CHARS || !/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(name)) return null;
    out[name] = v;
  }
  return out;
}

function checkHeaderList(value: unknown): [string, string][] | null {
  if (!Array.isArray(value) || value.length > MAX_HEADERS) return null;
  const out: [string, string][] = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return null;
    if (pair[0].length > 256 || pair[1].length > MAX_HEADER_CHARS || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(pair[0])) return null;
    out.push([pair[0], pair[1]]);
  }
  return out;
}

function checkBody(value: unknown): WireBody | null {
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  if (typeof value.text === 'string' && value.text.length <= RC_MAX_BODY_CHARS) return { text: value.text };
  if (typeof value.base64 === 'string' && value.base64.length <= RC_MAX_BODY_CHARS && /^[A-Za-z0-9+/]*={0,2}$/.test(value.base64)) return { base64: value.base64 };
  return null;
}

/** Checks a message from the page world exactly; null when it is not one of ours or malformed. */
export function parseRcPageMessage(data: unknown): RcPageMessage | null {
  if (!isPlainObject(data) || data.source !== RC_PAGE_SOURCE || data.v !== RC_PROTOCOL) return null;
  return parseRcPayload(data);
}

/** Checks a payload (page message without source/version, as relayed to the background). */
export function parseRcPayload(d: Record<string, unknown>): RcPageMessage | null {
  switch (d.type) {
    case 'rc-lookup': {
      const headers = checkHeaderRecord(d.headers);
      if (!Number.isSafeInteger(d.id) || typeof d.method !== 'string' || !METHODS.has(d.method) || !checkUrl(d.url) || !headers) return null;
      if (d.body !== null && (typeof d.body !== 'string' || d.body.length > 1024 * 1024)) return null;
      return { type: 'rc-lookup', id: d.id as number, method: d.method, url: d.url as string, headers, body: d.body as string | null };
    }
    case 'rc-store': {
      const headers = checkHeaderList(d.headers);
      const body = checkBody(d.body);
      if (typeof d.token !== 'string' || !/^[0-9a-f]{32}$/.test(d.token) || !headers || !body) return null;
      if (!Number.isInteger(d.status) || (d.status as number) < 200 || (d.status as number) > 599) return null;
      if (typeof d.statusText !== 'string' || d.statusText.length > 256) return null;
      if (typeof d.costMs !== 'number' || !Number.isFinite(d.costMs) || d.costMs < 0 || !checkUrl(d.url)) return null;
      return { type: 'rc-store', token: d.token, status: d.status as number, statusText: d.statusText, headers, body, costMs: d.costMs, url: d.url as string };
    }
    case 'rc-mutation': {
      const headers = checkHeaderRecord(d.headers);
      if (typeof d.method !== 'string' || !METHODS.has(d.method) || !checkUrl(d.url) || !headers || (d.phase !== 'start' && d.phase !== 'end')) return null;
      if (d.id !== null && !Number.isSafeInteger(d.id)) return null;
      return { type: 'rc-mutation', id: d.id as number | null, method: d.method, url: d.url as string, headers, phase: d.phase };
    }
    default:
      return null;
  }
}

/** Checks a background reply before the content script hands it to the page. */
export function parseRcBackgroundLookupReply(value: unknown): RcBackgroundLookupReply | null {
  if (!isPlainObject(value) || !isPlainObject(value.reply) || !Array.isArray(value.prefetch)) return null;
  const reply = value.reply;
  const prefetch = value.prefetch.filter((p): p is RcPrefetch => isPlainObject(p) && checkUrl(p.url) && typeof p.token === 'string').slice(0, 5);
  if (reply.kind === 'network') return { reply: { kind: 'network' }, prefetch };
  if (reply.kind === 'store' && typeof reply.token === 'string') return { reply: { kind: 'store', token: reply.token }, prefetch };
  if (reply.kind === 'hit') {
    const headers = checkHeaderList(reply.headers);
    const body = checkBody(reply.body);
    if (!headers || !body || !Number.isInteger(reply.status) || typeof reply.statusText !== 'string' || !checkUrl(reply.url) || typeof reply.stale !== 'boolean') return null;
    const revalidateToken = typeof reply.revalidateToken === 'string' ? reply.revalidateToken : null;
    const parsed: RcBackgroundLookupReply = { reply: { kind: 'hit', status: reply.status as number, statusText: reply.statusText, headers, body, url: reply.url as string, stale: reply.stale, revalidateToken }, prefetch };
    if (!reply.stale && typeof value.hotMs === 'number' && Number.isFinite(value.hotMs) && value.hotMs > 0) parsed.hotMs = Math.min(value.hotMs, RC_MAX_HOT_MS);
    return parsed;
  }
  return null;
}

/** Checks a warm start's answer: only fresh hits of well-formed requests, bounded in number and size. */
export function parseRcWarmReply(value: unknown): RcWarmEntry[] {
  if (!isPlainObject(value) || !Array.isArray(value.entries)) return [];
  const out: RcWarmEntry[] = [];
  let chars = 0;
  for (const entry of value.entries.slice(0, RC_WARM_MAX_ENTRIES)) {
    if (!isPlainObject(entry) || !isPlainObject(entry.request)) continue;
    const request = parseRcPayload({ ...entry.request, type: 'rc-lookup', id: 0 });
    const parsed = parseRcBackgroundLookupReply({ reply: entry.hit, prefetch: [], hotMs: entry.hotMs });
    if (request?.type !== 'rc-lookup' || parsed?.reply.kind !== 'hit' || !parsed.hotMs) continue;
    const body = parsed.reply.body;
    chars += 'text' in body ? body.text.length : body.base64.length;
    if (chars > RC_WARM_MAX_CHARS) break;
    out.push({ request: { method: request.method, url: request.url, headers: request.headers, body: request.body }, hit: parsed.reply, hotMs: parsed.hotMs });
  }
  return out;
}
