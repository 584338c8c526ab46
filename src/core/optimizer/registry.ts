/**
 * Every optimizer strategy, by id. A test checks that each file in ./strategies is registered
 * here, has an applier in src/content/appliers and a unit test.
 */
import { asyncImageDecoding } from './strategies/async-image-decoding';
import { cacheRepeatedApiCalls } from './strategies/cache-repeated-api-calls';
import { contentVisibility } from './strategies/content-visibility';
import { lazyLoadImages } from './strategies/lazy-load-images';
import { pauseOffscreenMedia } from './strategies/pause-offscreen-media';
import { preconnectHotOrigins } from './strategies/preconnect-hot-origins';
import { prefetchNextPages } from './strategies/prefetch-next-pages';
import { prioritizeLcpImage } from './strategies/prioritize-lcp-image';
import { reduceMotion } from './strategies/reduce-motion';
import type { Strategy, StrategyId } from './types';

/** Each strategy under its own id. */
export type StrategyRegistry = { readonly [Id in StrategyId]: Strategy<Id> };

export const STRATEGIES: StrategyRegistry = {
  'lazy-load-images': lazyLoadImages,
  'prioritize-lcp-image': prioritizeLcpImage,
  'content-visibility': contentVisibility,
  'async-image-decoding': asyncImageDecoding,
  'reduce-motion': reduceMotion,
  'preconnect-hot-origins': preconnectHotOrigins,
  'pause-offscreen-media': pauseOffscreenMedia,
  'prefetch-next-pages': prefetchNextPages,
  'cache-repeated-api-calls': cacheRepeatedApiCalls,
};

/** All strategy ids, in the order the panel lists them. */
export const STRATEGY_IDS = Object.keys(STRATEGIES) as StrategyId[];

/** Narrows an untrusted string (storage, messages) to a strategy id. */
export { isStrategyId } from './defaults';

/** The strategy with this id. */
export function getStrategy<Id extends StrategyId>(id: Id): Strategy<Id> {
  return STRATEGIES[id];
}
