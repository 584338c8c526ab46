/**
 * Groups request URLs into route templates: /api/users/123?x=1 → /api/users/:id. Identifier-like
 * path segments (numbers, UUIDs, long hex ids such as Mongo ObjectIds) become `:id`.
 */

const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** At least 8 hex characters with at least one digit, so words made of a–f letters ("facade") stay. */
const HEX_ID = /^(?=[^/]*\d)[0-9a-f]{8,}$/i;
/** A numeric id with a file extension: 123.json → :id.json. */
const NUMERIC_WITH_EXTENSION = /^(\d+)(\.[a-z0-9]+)$/i;

/** True when a path segment looks like an identifier rather than a fixed route part. */
export function isIdentifierSegment(segment: string): boolean {
  return NUMERIC.test(segment) || UUID.test(segment) || HEX_ID.test(segment);
}

/** The template of one path segment. */
function templateSegment(segment: string): string {
  if (isIdentifierSegment(segment)) return ':id';
  const withExtension = NUMERIC_WITH_EXTENSION.exec(segment);
  return withExtension ? `:id${withExtension[2]}` : segment;
}

/** The path of a URL without query string or fragment; relative URLs are accepted. */
export function pathOf(url: string): string {
  let rest = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const end = rest.search(/[?#]/);
  const path = end >= 0 ? rest.slice(0, end) : rest;
  return path === '' ? '/' : path;
}

/** The origin (scheme://host:port) of an absolute URL, or '' for a relative one. */
export function originOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return match ? match[0].toLowerCase() : '';
}

/** Route template of a URL's path: /api/users/123 → /api/users/:id. */
export function routeTemplate(url: string): string {
  return pathOf(url)
    .split('/')
    .map((segment) => (segment === '' ? segment : templateSegment(decodeSegment(segment))))
    .join('/');
}

/** Endpoint name: "GET /api/users/:id" when the method is known, else the template alone. */
export function endpointName(url: string, method?: string): string {
  const template = routeTemplate(url);
  return method ? `${method.toUpperCase()} ${template}` : template;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
