/**
 * The catalogue of optimizer strategies: every strategy's meta (id and default params), in the
 * order the panel lists them. StrategyId, StrategyParams and DEFAULT_PARAMS derive from it.
 * Meta only: the content script imports this, the decision logic is in ./registry.ts.
 */
import { asyncImageDecodingMeta } from './strategies/async-image-decoding/meta';
import { cacheRepeatedApiCallsMeta } from './strategies/cache-repeated-api-calls/meta';
import { contentVisibilityMeta } from './strategies/content-visibility/meta';
import { lazyLoadImagesMeta } from './strategies/lazy-load-images/meta';
import { pauseOffscreenMediaMeta } from './strategies/pause-offscreen-media/meta';
import { preconnectHotOriginsMeta } from './strategies/preconnect-hot-origins/meta';
import { prefetchNextPagesMeta } from './strategies/prefetch-next-pages/meta';
import { prioritizeLcpImageMeta } from './strategies/prioritize-lcp-image/meta';
import { reduceMotionMeta } from './strategies/reduce-motion/meta';

const CATALOGUE = [
  lazyLoadImagesMeta,
  prioritizeLcpImageMeta,
  contentVisibilityMeta,
  asyncImageDecodingMeta,
  reduceMotionMeta,
  preconnectHotOriginsMeta,
  pauseOffscreenMediaMeta,
  prefetchNextPagesMeta,
  cacheRepeatedApiCallsMeta,
] as const;

type Meta = (typeof CATALOGUE)[number];

/** A strategy's id: the name of its folder in ./strategies. */
export type StrategyId = Meta['id'];

/** The params of each strategy, computed by the plan and passed to its applier. */
export type StrategyParams = { [M in Meta as M['id']]: M['defaultParams'] };

/** All strategy ids, in the order the panel lists them. */
export const STRATEGY_IDS: readonly StrategyId[] = CATALOGUE.map((meta) => meta.id);

/** Params an applier uses when no plan computed any (e.g. a strategy switched on by hand). */
export const DEFAULT_PARAMS = Object.fromEntries(CATALOGUE.map((meta) => [meta.id, meta.defaultParams])) as StrategyParams;

/** Narrows an untrusted string (storage, messages) to a strategy id. */
export function isStrategyId(value: unknown): value is StrategyId {
  return typeof value === 'string' && Object.hasOwn(DEFAULT_PARAMS, value);
}
