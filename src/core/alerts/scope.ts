/**
 * Which pages a budget applies to. Five ways to say it, one per budget-file format:
 * every page; one origin; a URL pattern with `*` (the optimizer's patterns); a path in the
 * robots.txt form Lighthouse's budget.json uses (`/blog`, `/uk/*\/cart$`); a regular expression
 * over the full URL (Lighthouse CI's assertMatrix matchingUrlPattern).
 */
import { defaultPattern, isValidPattern, matchesPattern } from '../optimizer/patterns';
import { originOf } from '../sessions/routes';

/** The pages a budget applies to. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'origin'; origin: string }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'path'; path: string }
  | { kind: 'regex'; regex: string };

export function scopeMatches(scope: Scope, url: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'origin':
      return originOf(url).toLowerCase() === scope.origin.toLowerCase().replace(/\/+$/, '');
    case 'pattern':
      return matchesPattern(url, scope.pattern);
    case 'path':
      return robotsPathMatches(scope.path, pathAndQuery(url));
    case 'regex':
      return compiledRegex(scope.regex)?.test(url) ?? false;
  }
}

/** What is wrong with a scope, or null. */
export function scopeProblem(scope: { kind?: unknown; origin?: unknown; pattern?: unknown; path?: unknown; regex?: unknown }): string | null {
  switch (scope.kind) {
    case 'all':
      return null;
    case 'origin':
      return typeof scope.origin === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+\/?$/i.test(scope.origin) ? null : 'origin must look like https://admin.example.com';
    case 'pattern':
      return typeof scope.pattern === 'string' && isValidPattern(scope.pattern) ? null : 'pattern must be a URL, `*` as a wildcard (https://admin.example.com/users/*)';
    case 'path':
      return typeof scope.path === 'string' && scope.path.startsWith('/') ? null : 'path must start with "/" (robots.txt form: /blog, /uk/*/cart$)';
    case 'regex':
      return typeof scope.regex === 'string' && compiledRegex(scope.regex) !== null ? null : 'regex must be a valid regular expression';
    default:
      return 'kind must be one of all, origin, pattern, path, regex';
  }
}

/** A scope in words: "all pages", "https://a.example", "path /blog". */
export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case 'all':
      return 'all pages';
    case 'origin':
      return scope.origin;
    case 'pattern':
      return scope.pattern;
    case 'path':
      return `path ${scope.path}`;
    case 'regex':
      return `URLs matching /${scope.regex}/`;
  }
}

/** The page a view belongs to, for triggers across views: its origin and path. */
export function pageKeyOf(url: string): string {
  return defaultPattern(url);
}

/**
 * robots.txt path matching, as Google documents it: the rule matches a prefix of the path
 * (with the query); `*` matches any run of characters; a final `$` anchors the end. `/` and
 * `/*` match everything.
 */
export function robotsPathMatches(rule: string, path: string): boolean {
  const anchored = rule.endsWith('$');
  const body = anchored ? rule.slice(0, -1) : rule;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(path);
}

function pathAndQuery(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  const rest = match ? match[1]! : url.split('#', 1)[0]!;
  return rest.startsWith('/') ? rest : `/${rest}`;
}

const regexCache = new Map<string, RegExp | null>();

function compiledRegex(source: string): RegExp | null {
  if (!regexCache.has(source)) {
    let compiled: RegExp | null;
    try {
      compiled = new RegExp(source);
    } catch {
      compiled = null;
    }
    if (regexCache.size > 200) regexCache.clear();
    regexCache.set(source, compiled);
  }
  return regexCache.get(source) ?? null;
}
