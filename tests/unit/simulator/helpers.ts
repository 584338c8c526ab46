/** Shared builders for the simulator tests. */
import type { Distribution } from '../../../src/core/simulator/index.ts';

export { openModel } from '../../../src/core/simulator/index.ts';

export const exp = (meanMs: number): Distribution => ({ type: 'exponential', meanMs });
export const constant = (valueMs: number): Distribution => ({ type: 'constant', valueMs });

/** |actual − expected| / expected. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}
