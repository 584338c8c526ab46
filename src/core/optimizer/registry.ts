/**
 * Every optimizer strategy's decision, by id. A test checks that each folder in ./strategies is
 * in the catalogue and registered here, has an applier in src/content/appliers, a README row
 * and unit tests.
 */
import { asyncImageDecoding } from './strategies/async-image-decoding/decide';
import { cacheRepeatedApiCalls } from './strategies/cache-repeated-api-calls/decide';
import { contentVisibility } from './strategies/content-visibility/decide';
import { lazyLoadImages } from './strategies/lazy-load-images/decide';
import { pauseOffscreenMedia } from './strategies/pause-offscreen-media/decide';
import { preconnectHotOrigins } from './strategies/preconnect-hot-origins/decide';
import { prefetchNextPages } from './strategies/prefetch-next-pages/decide';
import { prioritizeLcpImage } from './strategies/prioritize-lcp-image/decide';
import { reduceMotion } from './strategies/reduce-motion/decide';
import type { StrategyId } from './catalogue';
import type { Strategy } from './types';

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

/** The strategy with this id. */
export function getStrategy<Id extends StrategyId>(id: Id): Strategy<Id> {
  return STRATEGIES[id];
}
