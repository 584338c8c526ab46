import type { StrategyMeta } from '../../strategy-meta';

/** Params of the lazy-load applier and of the page-world image hook. */
export interface LazyLoadImagesParams {
  /** CSS selector of the LCP element, which is never made lazy. */
  lcpSelector: string | null;
  /** Absolute URL of the LCP image, which is never made lazy. */
  lcpUrl: string | null;
  /** Lazy-load inserted iframes too. */
  iframes: boolean;
}

/** The lazy-load-images strategy's id, and the params its applier uses when no plan computed any. */
export const lazyLoadImagesMeta: StrategyMeta<'lazy-load-images', LazyLoadImagesParams> = {
  id: 'lazy-load-images',
  defaultParams: { lcpSelector: null, lcpUrl: null, iframes: true },
};
