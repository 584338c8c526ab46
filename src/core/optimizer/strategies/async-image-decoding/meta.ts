import type { StrategyMeta } from '../../strategy-meta';

/** Params of the decoding applier. */
export interface AsyncImageDecodingParams {
  /** CSS selector of the LCP element, left to decode synchronously (it should paint at once). */
  lcpSelector: string | null;
  /** Absolute URL of the LCP image, likewise left alone. */
  lcpUrl: string | null;
}

/** The async-image-decoding strategy's id, and the params its applier uses when no plan computed any. */
export const asyncImageDecodingMeta: StrategyMeta<'async-image-decoding', AsyncImageDecodingParams> = {
  id: 'async-image-decoding',
  defaultParams: { lcpSelector: null, lcpUrl: null },
};
