import { twoSidedNormalP } from './normal';

/** How the p-value was computed. */
export type MannWhitneyMethod = 'exact' | 'normal';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /**
   * 'exact' enumerates the permutation distribution of the rank sum (correct with ties too);
   * 'normal' uses the normal approximation with tie correction; 'auto' (default) is exact when
   * n1 + n2 ≤ `exactLimit`.
   */
  method?: 'auto' | MannWhitneyMethod;
  /** Largest n1 + n2 for which 'auto' computes the exact distribution (default 50). */
  exactLimit?: number;
  /** Continuity correction of the normal approximation (default true, as in R and SciPy). */
  continuityCorrection?: boolean;
}

/** Result of a two-sided Mann-Whitney U (Wilcoxon rank-sum) test. */
export interface MannWhitneyResult {
  /** U of the first sample: pairs (x from a, y from b) with x > y, ties counting ½. */
  u: number;
  /** U of the second sample (n1·n2 − u). */
  uOther: number;
  n1: number;
  n2: number;
  /** Two-sided p-value. */
  pValue: number;
  method: MannWhitneyMethod;
  /** Standardized statistic of the normal approximation (null for the exact method). */
  z: number | null;
  /**
   * Common-language effect size u / (n1·n2): the probability that a value from a exceeds one
   * from b (½ means no tendency either way).
   */
  probabilityAGreater: number;
}

/** Midranks (1-based; tied values share the mean of their ranks) of values, in input order. */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Sizes of the groups of tied values (every group, including singletons). */
export function tieGroupSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.values()];
}

/**
 * Variance of U under the null hypothesis with the tie correction:
 * n1·n2/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))). It equals the variance of the exact
 * permutation distribution given the observed ties.
 */
export function uNullVariance(n1: number, n2: number, tieSizes: readonly number[]): number {
  const n = n1 + n2;
  if (n < 2) return 0;
  const tieTerm = tieSizes.reduce((sum, t) => sum + (t * t * t - t), 0);
  return ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
}

/**
 * Two-sided Mann-Whitney U test of a against b (are values of one sample systematically larger?).
 * Non-finite values are ignored. With an empty sample the p-value is 1.
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const x = a.filter(Number.isFinite);
  const y = b.filter(Number.isFinite);
  const n1 = x.length;
  const n2 = y.length;
  const pooled = [...x, ...y];
  const ranks = midranks(pooled);
  const rankSumA = ranks.slice(0, n1).reduce((sum, r) => sum + r, 0);
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const base = { u, uOther: n1 * n2 - u, n1, n2, probabilityAGreater: n1 * n2 > 0 ? u / (n1 * n2) : 0.5 };
  if (n1 === 0 || n2 === 0) return { ...base, pValue: 1, method: 'exact', z: null };

  const method = chooseMethod(n1 + n2, options);
  if (method === 'exact') {
    return { ...base, pValue: exactPValue(ranks, n1, rankSumA), method, z: null };
  }
  const { z, pValue } = normalApproximation(u, n1, n2, tieGroupSizes(pooled), options.continuityCorrection ?? true);
  return { ...base, pValue, method, z };
}

function chooseMethod(total: number, options: MannWhitneyOptions): MannWhitneyMethod {
  if (options.method === 'exact' || options.method === 'normal') return options.method;
  return total <= (options.exactLimit ?? 50) ? 'exact' : 'normal';
}

function normalApproximation(
  u: number,
  n1: number,
  n2: number,
  tieSizes: readonly number[],
  continuity: boolean,
): { z: number; pValue: number } {
  const variance = uNullVariance(n1, n2, tieSizes);
  if (variance <= 0) return { z: 0, pValue: 1 };
  const deviation = u - (n1 * n2) / 2;
  const corrected = Math.max(0, Math.abs(deviation) - (continuity ? 0.5 : 0));
  const z = (Math.sign(deviation) * corrected) / Math.sqrt(variance);
  return { z, pValue: twoSidedNormalP(z) };
}

/**
 * Exact two-sided p-value: the permutation distribution of the first sample's rank sum over all
 * C(N, n1) ways to choose its members among the observed midranks, counted by dynamic
 * programming on doubled ranks (integers). p = min(1, 2·min(P(R ≤ r), P(R ≥ r))).
 */
function exactPValue(ranks: readonly number[], n1: number, rankSumA: number): number {
  const doubled = ranks.map((r) => Math.round(r * 2));
  const maxSum = [...doubled].sort((p, q) => q - p).slice(0, n1).reduce((s, r) => s + r, 0);
  // ways[k][s]: number of k-subsets of the ranks seen so far with doubled sum s.
  const ways = Array.from({ length: n1 + 1 }, () => new Float64Array(maxSum + 1));
  ways[0]![0] = 1;
  for (const rank of doubled) {
    for (let k = n1; k >= 1; k--) {
      const from = ways[k - 1]!;
      const to = ways[k]!;
      for (let s = maxSum; s >= rank; s--) to[s]! += from[s - rank]!;
    }
  }
  const distribution = ways[n1]!;
  const observed = Math.round(rankSumA * 2);
  let total = 0;
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= maxSum; s++) {
    const count = distribution[s]!;
    total += count;
    if (s <= observed) lower += count;
    if (s >= observed) upper += count;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}
