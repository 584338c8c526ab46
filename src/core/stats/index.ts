/** Statistics for before/after comparisons: pure functions over arrays of numbers. */
export { median, p75, quantile, quantileSorted, sortedFinite } from './quantile';
export { mannWhitneyU, midranks, tieGroupSizes, uNullVariance } from './mann-whitney';
export type { MannWhitneyMethod, MannWhitneyOptions, MannWhitneyResult } from './mann-whitney';
export { bootstrapMedianDifference } from './bootstrap';
export type { BootstrapOptions, MedianDifferenceInterval } from './bootstrap';
export { percentChange } from './percent-change';
export { seededRandom } from './random';
export type { RandomSource } from './random';
export { erfc, standardNormalCdf, twoSidedNormalP } from './normal';
