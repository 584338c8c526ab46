/**
 * HTTP caching rules the response cache honours: the request key (method, normalized URL, body
 * hash for POST endpoints the user listed, the request headers the response Varies on) and
 * whether a response may be stored at all.
 */
import { hashString } from './hash';

/** Header names lower-cased, values as sent. */
export type HeaderMap = Readonly<Record<string, string>>;

/** Lower-cases header names; later duplicates are joined with ", " as fetch does. */
export function normalizeHeaders(headers: Iterable<readonly [string, string]> | Record<string, string>): Record<string, string> {
  const pairs = Symbol.iterator in Object(headers) ? [...(headers as Iterable<readonly [string, string]>)] : Object.entries(headers as Record<string, string>);
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

/**
 * A URL in one spelling: scheme and host lower-case (URL does it), default port and fragment
 * dropped, query parameters sorted by name (stable for equal names).
 */
export function normalizeUrl(url: string, base?: string): string {
  const parsed = new URL(url, base);
  const prefix = parsed.origin !== 'null' ? parsed.origin + parsed.pathname : parsed.href.split(/[?#]/, 1)[0]!;
  const query = parsed.search.replace(/^\?/, '');
  if (!query) return prefix;
  const pairs = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair, index) => ({ pair, name: pair.split('=', 1)[0]!, index }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index));
  return pairs.length > 0 ? `${prefix}?${pairs.map((p) => p.pair).join('&')}` : prefix;
}

/** Parsed Cache-Control directives (names lower-case; valueless ones map to ''). */
export function parseCacheControl(header: string | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  if (!header) return directives;
  for (const part of header.split(',')) {
    const [rawName, ...rest] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    directives.set(name, rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  return directives;
}

/** Header names a response Varies on (lower-case), or '*' . */
export function varyNames(responseHeaders: HeaderMap): string[] | '*' {
  const vary = responseHeaders['vary'];
  if (!vary) return [];
  const names = vary.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  return names.includes('*') ? '*' : [...new Set(names)].sort();
}

/** The request header values a stored response must match on lookup. */
export function varySignature(names: readonly string[], requestHeaders: HeaderMap): Record<string, string> {
  const signature: Record<string, string> = {};
  for (const name of names) signature[name] = requestHeaders[name] ?? '';
  return signature;
}

/** Whether a request matches the Vary signature a response was stored with. */
export function varyMatches(signature: Readonly<Record<string, string>>, requestHeaders: HeaderMap): boolean {
  return Object.entries(signature).every(([name, value]) => (requestHeaders[name] ?? '') === value);
}

/** What the key of a request is made of. */
export interface RequestKeyInput {
  method: string;
  url: string;
  /** Hash of the request body: only for POST endpoints the rule lists. */
  bodyHash?: string | null;
}

/**
 * The primary cache key of a request. Vary'd headers are matched on lookup against the stored
 * signature (one variant per key, as browsers keep), so they are not part of it.
 */
export function requestKey(input: RequestKeyInput): string {
  const method = input.method.toUpperCase();
  const body = input.bodyHash ? ` #${input.bodyHash}` : '';
  return `${method} ${normalizeUrl(input.url)}${body}`;
}

/** The hash of a request body as text (what the page client sends for listed POST endpoints). */
export function bodyHash(body: string): string {
  return hashString(`t:${body}`);
}

/** Which cautious defaults a rule explicitly lifts. */
export interface StorabilityOverrides {
  /** Store responses that carry Set-Cookie. */
  setCookie?: boolean;
  /** Store responses marked Cache-Control: private. */
  private?: boolean;
  /** Store responses with Vary: * (then Vary is ignored for them). */
  varyStar?: boolean;
}

/** Whether a response may be stored, and why not. */
export type Storability = { store: true; vary: string[] } | { store: false; reason: string };

/** What storability is judged from. */
export interface StorabilityInput {
  status: number;
  responseHeaders: HeaderMap;
  /** The response set a cookie (observed by whoever can see Set-Cookie; pages cannot). */
  setCookie: boolean;
  overrides?: StorabilityOverrides;
}

/** Statuses whose body says something about the resource (RFC 9110 heuristically cacheable, plus 200 family). */
const STORABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);

/**
 * no-store (and no-cache) is never stored, whatever the rule says. Set-Cookie, private and Vary: * are not
 * stored unless the rule explicitly overrides each.
 */
export function storability(input: StorabilityInput): Storability {
  const directives = parseCacheControl(input.responseHeaders['cache-control']);
  const overrides = input.overrides ?? {};
  if (directives.has('no-store')) return { store: false, reason: 'the response says Cache-Control: no-store' };
  // no-cache allows storing only to revalidate before every use, which would save nothing here.
  if (directives.has('no-cache')) return { store: false, reason: 'the response says Cache-Control: no-cache (it must be revalidated on every use)' };
  if (!STORABLE_STATUS.has(input.status)) return { store: false, reason: `status ${input.status} is not cacheable` };
  if (directives.has('private') && !overrides.private) return { store: false, reason: 'the response says Cache-Control: private (the rule can override this)' };
  if (input.setCookie && !overrides.setCookie) return { store: false, reason: 'the response sets a cookie (the rule can override this)' };
  const vary = varyNames(input.responseHeaders);
  if (vary === '*') {
    if (!overrides.varyStar) return { store: false, reason: 'the response says Vary: * (the rule can override this)' };
    return { store: true, vary: [] };
  }
  return { store: true, vary };
}

/** Whether a JSON body is what the response declares (the default rule caches JSON only). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
