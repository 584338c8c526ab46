/**
 * The response cache's rules: which of a page's requests are cached, for how long, and what
 * overrides the cautious defaults. The default, once switched on: same-origin GET requests for
 * JSON to endpoints the page called more than once, fresh for 30 s, no stale serving.
 */
import { endpointName, pathOf } from '../sessions/routes';
import { matchesPattern } from '../optimizer/patterns';
import { bodyHash, isJsonContentType, requestKey, storability, type HeaderMap, type Storability, type StorabilityOverrides } from './http-semantics';

/** One rule: the requests it covers and how they are cached. */
export interface ResponseCacheRule {
  /**
   * Requests it covers: a URL pattern (`*` matches anything), or a path pattern such as
   * `/api/*`, meaning the page's own origin. Only same-origin requests are ever cached.
   */
  urlPattern: string;
  /** Methods cached: GET, HEAD, and POST (the latter only for postEndpoints). */
  methods: string[];
  /** Fresh for this long, ms. */
  ttlMs: number;
  /** Then answered stale while a background request revalidates, ms (0: never stale). */
  staleMs: number;
  /** POST endpoints (patterns like urlPattern) cached, keyed by a hash of the body. */
  postEndpoints: string[];
  /** Only endpoints (route templates) the page called more than once. */
  repeatedOnly: boolean;
  /** Only responses declaring a JSON content type. */
  jsonOnly: boolean;
  /** Store what the cautious defaults refuse (Set-Cookie, private, Vary: *). */
  overrides: StorabilityOverrides;
  /** Prefetch what this rule covers when the predictor is confident. */
  prefetch: boolean;
}

/** All response-cache settings of a page. */
export interface ResponseCacheSettings {
  /** First matching rule wins. */
  rules: ResponseCacheRule[];
  /** A request whose path matches this (`*` wildcard) logs out: that identity's entries are cleared. */
  logoutPattern: string;
  /** Only this cookie identifies the user; null: all cookies do. */
  identityCookie: string | null;
  /** Prefetch a predicted request only at or above this confidence, 0–1. */
  prefetchThreshold: number;
  /** How long a request waits for the cache's answer before it goes to the network, ms. */
  lookupTimeoutMs: number;
}

/** The default wait for the cache's answer: long enough for a woken worker, short enough that a dead one costs little. */
export const DEFAULT_LOOKUP_TIMEOUT_MS = 400;
/** The bounds of that wait, ms. */
export const LOOKUP_TIMEOUT_BOUNDS_MS = { min: 50, max: 10_000 } as const;

export const DEFAULT_TTL_MS = 30_000;

/** The default rule: same-origin GET JSON, endpoints called more than once, 30 s fresh, no stale. */
export function defaultRule(): ResponseCacheRule {
  return { urlPattern: '/*', methods: ['GET'], ttlMs: DEFAULT_TTL_MS, staleMs: 0, postEndpoints: [], repeatedOnly: true, jsonOnly: true, overrides: { setCookie: false, private: false, varyStar: false }, prefetch: true };
}

export function defaultResponseCacheSettings(): ResponseCacheSettings {
  return { rules: [defaultRule()], logoutPattern: '*/logout', identityCookie: null, prefetchThreshold: 0.6, lookupTimeoutMs: DEFAULT_LOOKUP_TIMEOUT_MS };
}

const METHODS = new Set(['GET', 'HEAD', 'POST']);
const MAX_TTL_MS = 24 * 60 * 60 * 1000;

/** Checks settings from storage or the panel; throws naming the first bad field. */
export function checkResponseCacheSettings(raw: unknown): ResponseCacheSettings {
  if (!isRecord(raw)) throw new TypeError('responseCache: expected an object');
  if (!Array.isArray(raw.rules)) throw new TypeError('responseCache.rules: expected a list of rules');
  const rules = raw.rules.map((rule, index) => checkRule(rule, `responseCache.rules[${index}]`));
  const logoutPattern = raw.logoutPattern;
  if (typeof logoutPattern !== 'string' || logoutPattern.trim() === '' || !logoutPattern.includes('/')) {
    throw new TypeError('responseCache.logoutPattern: expected a path pattern such as */logout');
  }
  const identityCookie = raw.identityCookie ?? null;
  if (identityCookie !== null && (typeof identityCookie !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(identityCookie))) {
    throw new TypeError('responseCache.identityCookie: expected a cookie name, or null for all cookies');
  }
  const threshold = raw.prefetchThreshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new RangeError(`responseCache.prefetchThreshold: expected a number from 0 to 1 (got ${String(threshold)})`);
  // Settings stored before the wait was configurable have none: the default.
  const lookupTimeoutMs = raw.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  if (typeof lookupTimeoutMs !== 'number' || !Number.isInteger(lookupTimeoutMs) || lookupTimeoutMs < LOOKUP_TIMEOUT_BOUNDS_MS.min || lookupTimeoutMs > LOOKUP_TIMEOUT_BOUNDS_MS.max) {
    throw new RangeError(`responseCache.lookupTimeoutMs: expected whole milliseconds from ${LOOKUP_TIMEOUT_BOUNDS_MS.min} to ${LOOKUP_TIMEOUT_BOUNDS_MS.max} (got ${String(lookupTimeoutMs)})`);
  }
  return { rules, logoutPattern: logoutPattern.trim(), identityCookie, prefetchThreshold: threshold, lookupTimeoutMs };
}

function checkRule(raw: unknown, path: string): ResponseCacheRule {
  if (!isRecord(raw)) throw new TypeError(`${path}: expected an object`);
  const urlPattern = raw.urlPattern;
  if (typeof urlPattern !== 'string' || !isValidRulePattern(urlPattern)) throw new TypeError(`${path}.urlPattern: expected a URL or path pattern such as /api/* (got ${JSON.stringify(urlPattern)})`);
  if (!Array.isArray(raw.methods) || raw.methods.length === 0) throw new TypeError(`${path}.methods: expected at least one of GET, HEAD, POST`);
  const methods = raw.methods.map((method, i) => {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    if (!METHODS.has(upper)) throw new TypeError(`${path}.methods[${i}]: expected GET, HEAD or POST (got ${JSON.stringify(method)})`);
    return upper;
  });
  const ttlMs = raw.ttlMs;
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs < 1 || ttlMs > MAX_TTL_MS) throw new RangeError(`${path}.ttlMs: expected a time to live from 1 ms to 24 h (got ${String(ttlMs)})`);
  const staleMs = raw.staleMs ?? 0;
  if (typeof staleMs !== 'number' || !Number.isFinite(staleMs) || staleMs < 0 || staleMs > MAX_TTL_MS) throw new RangeError(`${path}.staleMs: expected a stale window from 0 ms to 24 h (got ${String(staleMs)})`);
  const postEndpoints = raw.postEndpoints ?? [];
  if (!Array.isArray(postEndpoints)) throw new TypeError(`${path}.postEndpoints: expected a list of URL or path patterns`);
  postEndpoints.forEach((pattern, i) => {
    if (typeof pattern !== 'string' || !isValidRulePattern(pattern)) throw new TypeError(`${path}.postEndpoints[${i}]: expected a URL or path pattern (got ${JSON.stringify(pattern)})`);
  });
  if (postEndpoints.length > 0 && !methods.includes('POST')) methods.push('POST');
  const overrides = isRecord(raw.overrides) ? raw.overrides : {};
  return {
    urlPattern,
    methods: [...new Set(methods)],
    ttlMs,
    staleMs,
    postEndpoints: postEndpoints as string[],
    repeatedOnly: raw.repeatedOnly !== false,
    jsonOnly: raw.jsonOnly !== false,
    overrides: { setCookie: overrides.setCookie === true, private: overrides.private === true, varyStar: overrides.varyStar === true },
    prefetch: raw.prefetch !== false,
  };
}

/** Whether a rule pattern is usable: a path pattern (`/…`) or an absolute URL pattern. */
export function isValidRulePattern(pattern: string): boolean {
  if (pattern.startsWith('/')) return true;
  try {
    new URL(pattern.replaceAll('*', 'x'));
    return true;
  } catch {
    return false;
  }
}

/** Whether url matches a rule pattern, a path pattern meaning pageOrigin. */
export function matchesRulePattern(url: string, pattern: string, pageOrigin: string): boolean {
  return matchesPattern(url, pattern.startsWith('/') ? pageOrigin + pattern : pattern);
}

/** A request the page is about to make. */
export interface PageRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** The body as text, when it is text (POST endpoints are keyed by its hash). */
  body: string | null;
  headers: HeaderMap;
}

/** What to do with one request. */
export type RequestDecision =
  | { action: 'network'; reason: string }
  | { action: 'mutation'; reason: string }
  | { action: 'cache'; rule: ResponseCacheRule; key: string; endpoint: string };

/**
 * The rule that covers a request and its key, or why the request goes to the network. Non-GET
 * requests not covered as POST endpoints are mutations: they invalidate their resource.
 * `callCount` is how many times the request's endpoint was called (this call included).
 */
export function decideRequest(request: PageRequest, pageOrigin: string, settings: ResponseCacheSettings, callCount: (endpoint: string) => number): RequestDecision {
  const method = request.method.toUpperCase();
  let origin: string;
  try {
    origin = new URL(request.url).origin;
  } catch {
    return { action: 'network', reason: 'the URL does not parse' };
  }
  const isRead = method === 'GET' || method === 'HEAD';
  if (origin !== pageOrigin) return { action: 'network', reason: 'only same-origin requests are cached' };
  const endpoint = endpointName(request.url, method);
  for (const rule of settings.rules) {
    if (!matchesRulePattern(request.url, rule.urlPattern, pageOrigin)) continue;
    if (!rule.methods.includes(method)) continue;
    if (method === 'POST') {
      if (!rule.postEndpoints.some((pattern) => matchesRulePattern(request.url, pattern, pageOrigin))) continue;
      if (request.body === null) return { action: 'network', reason: 'a POST body that is not text cannot be keyed' };
    }
    if (request.headers['cache-control']?.includes('no-store') || request.headers['cache-control']?.includes('no-cache')) {
      return { action: 'network', reason: 'the page asked to bypass caches (Cache-Control on the request)' };
    }
    if (rule.repeatedOnly && callCount(endpoint) < 2) return { action: 'network', reason: `${endpoint} was called once so far` };
    const key = requestKey({ method, url: request.url, bodyHash: method === 'POST' ? bodyHash(request.body ?? '') : null });
    return { action: 'cache', rule, key, endpoint };
  }
  if (!isRead) return { action: 'mutation', reason: `${method} changes ${pathOf(request.url)}` };
  return { action: 'network', reason: 'no rule covers this request' };
}

/** Whether a response may be stored under a rule: HTTP semantics, then the rule's JSON constraint. */
export function responseStorability(rule: ResponseCacheRule, status: number, responseHeaders: HeaderMap, setCookie: boolean): Storability {
  const verdict = storability({ status, responseHeaders, setCookie, overrides: rule.overrides });
  if (!verdict.store) return verdict;
  if (rule.jsonOnly && !isJsonContentType(responseHeaders['content-type'])) return { store: false, reason: 'the rule caches JSON responses only' };
  return verdict;
}

/** Whether a request logs out (its path matches the logout pattern). */
export function isLogoutRequest(url: string, settings: Pick<ResponseCacheSettings, 'logoutPattern'>): boolean {
  const path = pathOf(url);
  const source = settings.logoutPattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
