/**
 * Quantiles by linear interpolation between closest ranks: Hyndman & Fan type 7, the default
 * of R's quantile(), NumPy's percentile() and Excel's PERCENTILE.INC.
 */

/** A sorted copy of the finite values, ascending. */
export function sortedFinite(values: readonly number[]): number[] {
  return values.filter(Number.isFinite).sort((x, y) => x - y);
}

/** The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending; null when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0 || !(q >= 0 && q <= 1)) return null;
  const position = (sorted.length - 1) * q;
  const lowerIndex = Math.floor(position);
  const lower = sorted[lowerIndex]!;
  const upper = sorted[Math.min(lowerIndex + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (position - lowerIndex);
}

/** The q-quantile (0 ≤ q ≤ 1) of the finite values; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  return quantileSorted(sortedFinite(values), q);
}

/** The median of the finite values; null when there are none. */
export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** The 75th percentile (the Core Web Vitals assessment quantile); null when empty. */
export function p75(values: readonly number[]): number | null {
  return quantile(values, 0.75);
}
