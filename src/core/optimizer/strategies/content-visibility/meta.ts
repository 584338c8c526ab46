import type { StrategyMeta } from '../../strategy-meta';

/** Params of the content-visibility applier (it finds the sections itself). */
export interface ContentVisibilityParams {
  /** A list, table body or section with at least this many child elements counts as long. */
  minChildren: number;
  /** ...or one at least this tall, in CSS pixels. */
  minHeightPx: number;
  /** Sections must be at least this far outside the viewport, in CSS pixels. */
  marginPx: number;
}

/** The content-visibility strategy's id, and the params its applier uses when no plan computed any. */
export const contentVisibilityMeta: StrategyMeta<'content-visibility', ContentVisibilityParams> = {
  id: 'content-visibility',
  defaultParams: { minChildren: 20, minHeightPx: 1500, marginPx: 200 },
};
