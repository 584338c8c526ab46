import type { StrategyMeta } from '../../strategy-meta';

/** Params of the pause-offscreen-media applier. */
export interface PauseOffscreenMediaParams {
  /** Media count as visible this many CSS pixels before they enter the viewport. */
  rootMarginPx: number;
  /** Also pause running CSS animations of offscreen elements. */
  animations: boolean;
}

/** The pause-offscreen-media strategy's id, and the params its applier uses when no plan computed any. */
export const pauseOffscreenMediaMeta: StrategyMeta<'pause-offscreen-media', PauseOffscreenMediaParams> = {
  id: 'pause-offscreen-media',
  defaultParams: { rootMarginPx: 100, animations: true },
};
