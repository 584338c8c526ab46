import type { StrategyMeta } from '../../strategy-meta';

/** Params of the prefetch applier. */
export interface PrefetchNextPagesParams {
  /** Same-origin pages the user opened next from here, most frequent first: prefetched when idle. */
  likelyUrls: string[];
  /** How many of likelyUrls to prefetch when idle. */
  idleLinks: number;
  /** At most this many prefetches per page load. */
  maxPrefetches: number;
  /** Hover this long over a link before it is prefetched, ms. */
  hoverDelayMs: number;
}

/** The prefetch-next-pages strategy's id, and the params its applier uses when no plan computed any. */
export const prefetchNextPagesMeta: StrategyMeta<'prefetch-next-pages', PrefetchNextPagesParams> = {
  id: 'prefetch-next-pages',
  defaultParams: { likelyUrls: [], idleLinks: 2, maxPrefetches: 5, hoverDelayMs: 65 },
};
