import type { StrategyMeta } from '../../strategy-meta';

/** Params of the response cache: endpoints seen repeating in earlier loads (cached from their first call). */
export interface CacheRepeatedApiCallsParams {
  /** `GET /api/users/:id` endpoints the captured loads called more than once. */
  repeatedEndpoints: string[];
}

/** The cache-repeated-api-calls strategy's id, and the params its applier uses when no plan computed any. */
export const cacheRepeatedApiCallsMeta: StrategyMeta<'cache-repeated-api-calls', CacheRepeatedApiCallsParams> = {
  id: 'cache-repeated-api-calls',
  defaultParams: { repeatedEndpoints: [] },
};
