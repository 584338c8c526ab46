/**
 * What the content script needs of the strategies, and nothing more: their ids, default params
 * and the reduce-motion stylesheet. Kept apart from the strategies' decision logic so the
 * script injected into every page stays small.
 */
import type { StrategyId, StrategyParams } from './types';

/** Params an applier uses when no plan computed any (e.g. a strategy switched on by hand). */
export const DEFAULT_PARAMS: StrategyParams = {
  'async-image-decoding': { lcpSelector: null, lcpUrl: null },
  'content-visibility': { minChildren: 20, minHeightPx: 1500, marginPx: 200 },
  'lazy-load-images': { lcpSelector: null, lcpUrl: null, iframes: true },
  'pause-offscreen-media': { rootMarginPx: 100, animations: true },
  'preconnect-hot-origins': { origins: [] },
  'prefetch-next-pages': { likelyUrls: [], idleLinks: 2, maxPrefetches: 5, hoverDelayMs: 65 },
  'prioritize-lcp-image': { lcpSelector: null, lcpUrl: null, preload: false },
  'reduce-motion': {},
  'cache-repeated-api-calls': { repeatedEndpoints: [] },
};

export function isStrategyId(value: unknown): value is StrategyId {
  return typeof value === 'string' && Object.hasOwn(DEFAULT_PARAMS, value);
}

export const REDUCE_MOTION_CSS =
  '*,*::before,*::after{animation-duration:0s!important;animation-delay:0s!important;animation-iteration-count:1!important;' +
  'transition:none!important;scroll-behavior:auto!important}';
