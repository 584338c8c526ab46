/**
 * Which API endpoints a page asks again and again, from its captured requests: the evidence the
 * "Cache repeated API calls" strategy decides on, and the endpoints its default rule caches from
 * the first call on (the runtime count covers endpoints not seen before).
 */
import type { RequestRecord } from '../model';
import { endpointName, originOf } from '../sessions/routes';
import { median } from '../stats';

/** One endpoint the page called, with how often and how slowly. */
export interface ApiEndpointCalls {
  /** `GET /api/users/:id` */
  endpoint: string;
  calls: number;
  /** Distinct URLs (an endpoint with ids has several). */
  distinctUrls: number;
  /** Calls answered by the same URL as an earlier call (what a cache could have answered). */
  repeatedCalls: number;
  /** Median duration, ms. */
  medianMs: number;
}

const API_INITIATORS = new Set(['fetch', 'xmlhttprequest']);

/** Same-origin fetch/XHR GET endpoints of the page at pageUrl, most repeated first. */
export function apiEndpointCalls(requests: readonly RequestRecord[], pageUrl: string): ApiEndpointCalls[] {
  const origin = originOf(pageUrl);
  const groups = new Map<string, { urls: Map<string, number>; durations: number[] }>();
  for (const request of requests) {
    if (!API_INITIATORS.has(request.initiatorType) || originOf(request.url) !== origin) continue;
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET') continue;
    const endpoint = endpointName(request.url, method);
    let group = groups.get(endpoint);
    if (!group) groups.set(endpoint, (group = { urls: new Map(), durations: [] }));
    const url = request.url.split('#', 1)[0]!;
    group.urls.set(url, (group.urls.get(url) ?? 0) + 1);
    if (Number.isFinite(request.duration)) group.durations.push(request.duration);
  }
  const out: ApiEndpointCalls[] = [];
  for (const [endpoint, group] of groups) {
    const calls = [...group.urls.values()].reduce((a, b) => a + b, 0);
    const repeatedCalls = [...group.urls.values()].reduce((sum, n) => sum + (n - 1), 0);
    out.push({ endpoint, calls, distinctUrls: group.urls.size, repeatedCalls, medianMs: median(group.durations) ?? 0 });
  }
  return out.sort((a, b) => b.repeatedCalls - a.repeatedCalls || b.calls - a.calls || (a.endpoint < b.endpoint ? -1 : 1));
}

/** Endpoints called more than once (the default rule's "repeated" endpoints). */
export function repeatedEndpoints(calls: readonly ApiEndpointCalls[]): string[] {
  return calls.filter((c) => c.calls > 1).map((c) => c.endpoint);
}
