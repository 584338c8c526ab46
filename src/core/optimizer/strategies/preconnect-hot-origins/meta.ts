import type { StrategyMeta } from '../../strategy-meta';

/** An origin to preconnect to. */
export interface HotOrigin {
  /** e.g. "https://cdn.example.com" */
  origin: string;
  /** Preconnect with crossorigin (for CORS requests without credentials: fetch, XHR, fonts). */
  anonymous: boolean;
  /** Preconnect without crossorigin (for images, scripts, styles, credentialed requests). */
  credentialed: boolean;
}

/** Params of the preconnect applier. */
export interface PreconnectHotOriginsParams {
  /** Origins, hottest first (at most MAX_PRECONNECTS of ./decide.ts). */
  origins: HotOrigin[];
}

/** The preconnect-hot-origins strategy's id, and the params its applier uses when no plan computed any. */
export const preconnectHotOriginsMeta: StrategyMeta<'preconnect-hot-origins', PreconnectHotOriginsParams> = {
  id: 'preconnect-hot-origins',
  defaultParams: { origins: [] },
};
