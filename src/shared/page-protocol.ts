/**
 * Messages from the page-world script (src/page) to the content script, over window.postMessage.
 * Any page script can post the same shape, so the content script validates every one and treats
 * it as a hint, never as truth: a forged message can at most mislabel a request's method.
 */
import * as v from 'valibot';

export const PAGE_SOURCE = 'admin-performance/page';
export const PAGE_PROTOCOL = 1;

export const PageRequestHintSchema = v.strictObject({
  source: v.literal(PAGE_SOURCE),
  v: v.literal(PAGE_PROTOCOL),
  type: v.literal('request'),
  url: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
  method: v.picklist(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']),
});

export type PageRequestHint = v.InferOutput<typeof PageRequestHintSchema>;

/** True when a window message claims to come from our page script (validated separately). */
export function claimsPageSource(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === PAGE_SOURCE;
}
