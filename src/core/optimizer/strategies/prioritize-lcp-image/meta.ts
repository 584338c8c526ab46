import type { StrategyMeta } from '../../strategy-meta';

/** Params of the LCP-priority applier. */
export interface PrioritizeLcpImageParams {
  /** CSS selector of the LCP element (web-vitals attribution target). */
  lcpSelector: string | null;
  /** Absolute URL of the LCP image. */
  lcpUrl: string | null;
  /** Insert <link rel=preload as=image fetchpriority=high> at document_start (only when the URL is stable across loads). */
  preload: boolean;
}

/** The prioritize-lcp-image strategy's id, and the params its applier uses when no plan computed any. */
export const prioritizeLcpImageMeta: StrategyMeta<'prioritize-lcp-image', PrioritizeLcpImageParams> = {
  id: 'prioritize-lcp-image',
  defaultParams: { lcpSelector: null, lcpUrl: null, preload: false },
};
