/**
 * What a non-GET request invalidates. The resource of a mutation at path P is its collection C:
 * P without its trailing identifier segments (`/api/users/5` -> `/api/users`; identifiers as
 * route templates define them). It invalidates every entry at or below C, and the entries at
 * each ancestor of P (`/api/users/5/roles` also drops `/api/users/5` and `/api/users`, which
 * may embed what changed). Entries carry tags for this, so invalidation never scans.
 */
import { isIdentifierSegment, pathOf } from '../sessions/routes';

/** Tags to store an entry under so that resourceInvalidations can find it. */
export function resourceTags(url: string): string[] {
  const segments = pathSegments(url);
  const tags: string[] = [`at:${joinPath(segments)}`];
  for (let depth = 0; depth <= segments.length; depth++) tags.push(`under:${joinPath(segments.slice(0, depth))}`);
  return tags;
}

/** Tags whose entries a mutation of url invalidates. */
export function resourceInvalidations(url: string): string[] {
  const segments = pathSegments(url);
  let collection = segments.length;
  while (collection > 0 && isIdentifierSegment(safeDecode(segments[collection - 1]!))) collection--;
  const tags = [`under:${joinPath(segments.slice(0, collection))}`];
  for (let depth = 0; depth <= segments.length; depth++) tags.push(`at:${joinPath(segments.slice(0, depth))}`);
  return [...new Set(tags)];
}

/** The collection path a mutation invalidates, for messages (`/api/users`). */
export function mutatedResource(url: string): string {
  const segments = pathSegments(url);
  let collection = segments.length;
  while (collection > 0 && isIdentifierSegment(safeDecode(segments[collection - 1]!))) collection--;
  return joinPath(segments.slice(0, collection));
}

function pathSegments(url: string): string[] {
  return pathOf(url)
    .split('/')
    .filter((segment) => segment !== '');
}

function joinPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
