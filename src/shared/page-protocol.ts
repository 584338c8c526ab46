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

/** Content script -> page world: switch the page-world half of "Lazy-load offscreen images". */
export const CONTENT_SOURCE = 'admin-performance/content';

export interface LazyImagesCommand {
  source: typeof CONTENT_SOURCE;
  v: typeof PAGE_PROTOCOL;
  type: 'lazy-images';
  enabled: boolean;
  /** Absolute URLs never to defer (the LCP image). */
  exclude: string[];
}

export function isLazyImagesCommand(data: unknown): data is LazyImagesCommand {
  const d = data as Partial<LazyImagesCommand> | null;
  return (
    typeof d === 'object' && d !== null && d.source === CONTENT_SOURCE && d.v === PAGE_PROTOCOL && d.type === 'lazy-images' &&
    typeof d.enabled === 'boolean' && Array.isArray(d.exclude) && d.exclude.length <= 20 && d.exclude.every((u) => typeof u === 'string')
  );
}
