/**
 * Which cacheable requests each page made, so that a new load of the page can have the fresh
 * answers held by its content script before it asks (the response cache's warm start). Per page
 * (origin and path, query ignored) the most recent distinct requests; pages and requests both
 * bounded, least recently used dropped first. Snapshots are plain JSON for the worker's state,
 * which is kept on disk: a request that carries a secret (an Authorization or token header, a
 * token in its query) is never remembered, so such pages simply start cold.
 */
import { isSecretHeaderName, isSecretParamName } from '../sessions/sanitize';

/** One request as the page made it (the content script's hot tier keys on all of it). */
export interface PageRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** A snapshot: page key -> its requests, least recently used first. */
export type PageRequestsSnapshot = Record<string, PageRequest[]>;

export interface PageRequestsLimits {
  /** Pages remembered. */
  pages: number;
  /** Requests remembered per page. */
  perPage: number;
}

export const DEFAULT_PAGE_REQUEST_LIMITS: PageRequestsLimits = { pages: 200, perPage: 24 };

/** The key of a page URL: origin and path (a query or fragment is the same page). */
export function pageKey(pageUrl: string): string | null {
  try {
    const url = new URL(pageUrl);
    return url.origin === 'null' ? null : url.origin + url.pathname;
  } catch {
    return null;
  }
}

const requestKey = (r: PageRequest) => JSON.stringify([r.method, r.url, r.body, Object.keys(r.headers).sort().map((n) => [n, r.headers[n]])]);

/** The recent cacheable requests of each page. */
export class PageRequests {
  /** Page key -> (request key -> request), both in least-recent-first order. */
  private readonly pages = new Map<string, Map<string, PageRequest>>();

  constructor(private readonly limits: PageRequestsLimits = DEFAULT_PAGE_REQUEST_LIMITS, snapshot?: unknown) {
    if (snapshot) this.restore(snapshot);
  }

  /** Notes that the page made this request (it becomes the most recent of the page, the page the most recent page). */
  record(pageUrl: string, request: PageRequest): void {
    const page = pageKey(pageUrl);
    if (!page || carriesSecret(request)) return;
    let requests = this.pages.get(page);
    if (requests) this.pages.delete(page);
    else requests = new Map();
    this.pages.set(page, requests);
    const key = requestKey(request);
    requests.delete(key);
    requests.set(key, { method: request.method, url: request.url, headers: { ...request.headers }, body: request.body });
    while (requests.size > this.limits.perPage) requests.delete(requests.keys().next().value!);
    while (this.pages.size > this.limits.pages) this.pages.delete(this.pages.keys().next().value!);
  }

  /** The page's requests, most recent first. */
  requestsFor(pageUrl: string): PageRequest[] {
    const page = pageKey(pageUrl);
    const requests = page ? this.pages.get(page) : undefined;
    return requests ? [...requests.values()].reverse() : [];
  }

  /** Forgets every page of an origin (its partition was cleared). */
  forgetOrigin(origin: string): void {
    for (const page of [...this.pages.keys()]) if (page.startsWith(`${origin}/`)) this.pages.delete(page);
  }

  snapshot(): PageRequestsSnapshot {
    return Object.fromEntries([...this.pages].map(([page, requests]) => [page, [...requests.values()]]));
  }

  /** Reads a snapshot; anything malformed in it is skipped. */
  private restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) return;
    for (const [page, requests] of Object.entries(snapshot as Record<string, unknown>)) {
      if (!Array.isArray(requests) || pageKey(page) !== page) continue;
      for (const r of requests) if (isPageRequest(r)) this.record(page, r);
    }
  }
}

function isPageRequest(value: unknown): value is PageRequest {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r.method !== 'string' || typeof r.url !== 'string' || (r.body !== null && typeof r.body !== 'string')) return false;
  if (typeof r.headers !== 'object' || r.headers === null || Array.isArray(r.headers)) return false;
  return Object.values(r.headers).every((v) => typeof v === 'string');
}

/** Whether a request has a secret-looking header or query parameter (never written to disk). */
function carriesSecret(request: PageRequest): boolean {
  if (Object.keys(request.headers).some((name) => name === 'cookie' || isSecretHeaderName(name))) return true;
  let search: string;
  try {
    search = new URL(request.url).search;
  } catch {
    return true;
  }
  for (const pair of search.slice(1).split('&')) {
    const raw = pair.split('=')[0] ?? '';
    let name = raw;
    try {
      name = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      /* a malformed escape: judged as written */
    }
    if (name && isSecretParamName(name)) return true;
  }
  return false;
}
