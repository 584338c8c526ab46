/**
 * Route templates: the same endpoint with different ids is one route, so requests can be
 * grouped and matched across sessions, and turned into a simulator workload.
 * `/api/users/123?x=1` -> `/api/users/:id`; with the method, `GET /api/users/:id`.
 *
 * One implementation for sessions (compare, exports, HAR import) and the scaling simulator
 * (workloadFromSession): two copies had drifted apart on file hashes and `42.json`.
 */
import { rememberRecent } from './recent';

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Object ids, hashes, short commit ids: 8 or more hexadecimal characters with at least one digit,
 * so words made only of a–f letters (`/deadbeefcafe`, `/facade`) stay route parts.
 */
const HEX_ID = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** A numeric id with a file extension: `42.json` -> `:id.json`. */
const NUMBER_WITH_EXTENSION = /^(\d+)(\.[a-z0-9]+)$/i;
/** A content hash inside a file name: `app.3f9a8b7c.js`, `chunk-9d8e7f6a12.css`. */
const FILE_HASH = /([.-])(?=[0-9a-f]*\d)[0-9a-f]{8,}(?=\.)/gi;

/** True when a path segment (percent-decoded) looks like an identifier rather than a fixed route part. */
export function isIdentifierSegment(segment: string): boolean {
  return NUMBER.test(segment) || UUID.test(segment) || HEX_ID.test(segment);
}

/** The path of a URL with its id-like segments replaced by `:id` (and file hashes by `:hash`). */
export const routeTemplate: (url: string) => string = rememberRecent((url) =>
  pathOf(url)
    .split('/')
    .map(templateSegment)
    .join('/'),
);

/** Endpoint name: `GET /api/users/:id` when the method is known, else the template alone. */
export function endpointName(url: string, method?: string): string {
  const template = routeTemplate(url);
  return method ? `${method.toUpperCase()} ${template}` : template;
}

function templateSegment(segment: string): string {
  if (segment === '') return segment;
  // An id may arrive percent-encoded (`%31%32`); fixed parts keep their encoding so a decoded
  // `%2F` cannot split a segment in two.
  if (isIdentifierSegment(decodeSegment(segment))) return ':id';
  const withExtension = NUMBER_WITH_EXTENSION.exec(segment);
  if (withExtension) return `:id${withExtension[2]}`;
  return segment.replace(FILE_HASH, '$1:hash');
}

function decodeSegment(segment: string): string {
  // Most segments hold no escape: decodeURIComponent (and its try) would cost more than the rest.
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path part of an absolute or relative URL, without query or fragment. */
export function pathOf(url: string): string {
  const withoutTail = url.split(/[?#]/, 1)[0] ?? '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(withoutTail);
  const path = scheme ? withoutTail.slice(scheme[0].length) : withoutTail;
  return path || '/';
}

/** `https://shop.example:8443` of an absolute URL, or '' for a relative one. */
export function originOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
}
