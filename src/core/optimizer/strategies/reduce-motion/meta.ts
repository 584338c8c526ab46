import type { StrategyMeta } from '../../strategy-meta';

/** The reduce-motion applier needs no params. */
export type ReduceMotionParams = Record<string, never>;

/** The reduce-motion strategy's id, and the params its applier uses when no plan computed any. */
export const reduceMotionMeta: StrategyMeta<'reduce-motion', ReduceMotionParams> = {
  id: 'reduce-motion',
  defaultParams: {},
};
