/**
 * Route templates: the same endpoint with different ids is one route, so requests can be
 * grouped and matched across sessions. `/api/users/123?x=1` -> `/api/users/:id`.
 */

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Object ids, hashes: long hexadecimal with at least one digit (so `/deadbeefcafe` words are rare hits). */
const LONG_HEX = /^(?=.*\d)[0-9a-f]{12,}$/i;
/** A content hash inside a file name: `app.3f9a8b7c.js`, `chunk-9d8e7f6a12.css`. */
const FILE_HASH = /([.-])(?=[0-9a-f]*\d)[0-9a-f]{8,}(?=\.)/gi;

/** The path of a URL with its id-like segments replaced by `:id` (and file hashes by `:hash`). */
export function routeTemplate(url: string): string {
  return pathOf(url)
    .split('/')
    .map(templateSegment)
    .join('/');
}

function templateSegment(segment: string): string {
  if (NUMBER.test(segment) || UUID.test(segment) || LONG_HEX.test(segment)) return ':id';
  return segment.replace(FILE_HASH, '$1:hash');
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
