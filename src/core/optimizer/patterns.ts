/**
 * URL patterns for per-page optimizer toggles. A pattern is a URL in which `*` matches any run
 * of characters (none included, `/` included), e.g. `https://admin.example.com/users/*`.
 * The query and the fragment of a URL are ignored unless the pattern itself has a `?` (query
 * compared) or a `#` (fragment compared too).
 */

/** Per-page toggles as the background stores them: pattern → strategy ids switched on. */
export type PageToggles = Readonly<Record<string, readonly string[]>>;

/** The default pattern of a page: its origin and path, without query or fragment. */
export function defaultPattern(url: string): string {
  const parsed = parseUrl(url);
  return parsed ? parsed.origin + parsed.pathname : url;
}

/** Whether pattern is usable: it parses as a URL once each `*` is replaced. */
export function isValidPattern(pattern: string): boolean {
  return pattern.length > 0 && parseUrl(pattern.replaceAll('*', 'x')) !== null;
}

/** Whether url matches pattern (see the module comment for the rules). */
export function matchesPattern(url: string, pattern: string): boolean {
  const subject = comparableUrl(url, pattern);
  return subject !== null && patternRegExp(pattern).test(subject);
}

/**
 * The most specific pattern matching url: the most literal (non-`*`) characters, then the
 * fewest wildcards. Null when none matches.
 */
export function bestMatchingPattern(url: string, patterns: Iterable<string>): string | null {
  let best: string | null = null;
  for (const pattern of patterns) {
    if (!matchesPattern(url, pattern)) continue;
    if (best === null || compareSpecificity(pattern, best) > 0) best = pattern;
  }
  return best;
}

/** The strategies switched on for url: those of the most specific matching pattern. */
export function strategiesForUrl(url: string, toggles: PageToggles): readonly string[] {
  const pattern = bestMatchingPattern(url, Object.keys(toggles));
  return pattern === null ? [] : (toggles[pattern] ?? []);
}

/**
 * Patterns to offer for url, from narrowest to broadest, without duplicates: the page itself,
 * the page with id-like path segments (numbers, UUIDs, long hex) replaced by `*`, the page's
 * folder, and the whole origin.
 */
export function suggestPatterns(url: string): string[] {
  const parsed = parseUrl(url);
  if (!parsed) return [url];
  const segments = parsed.pathname.split('/');
  const generalized = segments.map((segment) => (isIdLike(segment) ? '*' : segment)).join('/');
  const folder = segments.slice(0, -1).join('/') + '/*';
  return [...new Set([parsed.origin + parsed.pathname, parsed.origin + generalized, parsed.origin + folder, parsed.origin + '/*'])];
}

function isIdLike(segment: string): boolean {
  return /^\d+$/.test(segment) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) || /^[0-9a-f]{16,}$/i.test(segment);
}

function compareSpecificity(a: string, b: string): number {
  const literal = (p: string) => p.replaceAll('*', '').length;
  const wildcards = (p: string) => p.length - literal(p);
  return literal(a) - literal(b) || wildcards(b) - wildcards(a);
}

/** The part of url that pattern speaks about: origin + path, plus query / fragment when the pattern has them. */
function comparableUrl(url: string, pattern: string): string | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  let subject = parsed.origin + parsed.pathname;
  if (pattern.includes('?') || pattern.includes('#')) subject += parsed.search;
  if (pattern.includes('#')) subject += parsed.hash;
  return subject;
}

const regExpCache = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
  let regExp = regExpCache.get(pattern);
  if (!regExp) {
    const normalized = lowerCaseOrigin(pattern);
    const source = normalized
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regExp = new RegExp(`^${source}$`);
    if (regExpCache.size > 500) regExpCache.clear();
    regExpCache.set(pattern, regExp);
  }
  return regExp;
}

/** Scheme and host compare case-insensitively (URLs are normalized to lower case there). */
function lowerCaseOrigin(pattern: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/is.exec(pattern);
  return match ? match[1]!.toLowerCase() + match[2]! : pattern;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
