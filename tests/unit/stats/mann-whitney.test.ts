import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mannWhitneyU, midranks, standardNormalCdf, tieGroupSizes, uNullVariance } from '../../../src/core/stats';

/** U of a against b by counting pairs (ties ½). */
function pairCountU(a: readonly number[], b: readonly number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/** Every way to pick k of n indices. */
function* combinations(n: number, k: number, start = 0, picked: number[] = []): Generator<number[]> {
  if (picked.length === k) {
    yield picked;
    return;
  }
  for (let i = start; i < n; i++) yield* combinations(n, k, i + 1, [...picked, i]);
}

/** The permutation distribution of U by brute force: all C(N, n1) relabelings of the pooled values. */
function bruteForceUs(a: readonly number[], b: readonly number[]): number[] {
  const pooled = [...a, ...b];
  const us: number[] = [];
  for (const chosen of combinations(pooled.length, a.length)) {
    const set = new Set(chosen);
    us.push(pairCountU(chosen.map((i) => pooled[i]!), pooled.filter((_, i) => !set.has(i))));
  }
  return us;
}

function bruteForceTwoSidedP(a: readonly number[], b: readonly number[]): number {
  const us = bruteForceUs(a, b);
  const observed = pairCountU(a, b);
  const eps = 1e-9;
  const lower = us.filter((u) => u <= observed + eps).length / us.length;
  const upper = us.filter((u) => u >= observed - eps).length / us.length;
  return Math.min(1, 2 * Math.min(lower, upper));
}

describe('standard normal CDF', () => {
  it('matches tabulated values', () => {
    expect(standardNormalCdf(0)).toBeCloseTo(0.5, 7);
    expect(standardNormalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(standardNormalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(standardNormalCdf(3)).toBeCloseTo(0.998650102, 6);
  });
});

describe('midranks', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(midranks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
    expect(tieGroupSizes([1, 1, 2, 3, 3, 3]).sort()).toEqual([1, 2, 3]);
  });
});

describe('Mann-Whitney U', () => {
  // SciPy's documented example (scipy.stats.mannwhitneyu): U = 17, exact p = 0.1111,
  // asymptotic p (continuity-corrected) = 0.11134688653314041.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('reproduces the SciPy example, exact', () => {
    const result = mannWhitneyU(males, females);
    expect(result.u).toBe(17);
    expect(result.uOther).toBe(3);
    expect(result.method).toBe('exact');
    expect(result.pValue).toBeCloseTo(1 / 9, 10);
  });

  it('reproduces the SciPy example, normal approximation', () => {
    const result = mannWhitneyU(males, females, { method: 'normal' });
    expect(result.method).toBe('normal');
    expect(result.pValue).toBeCloseTo(0.11134688653314041, 6);
  });

  it('reproduces R wilcox.test(x, y, alternative = "g"): W = 35, one-sided p = 0.1272', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const result = mannWhitneyU(x, y);
    expect(result.u).toBe(35);
    expect(result.pValue / 2).toBeCloseTo(0.1272, 4);
  });

  it('gives the smallest possible p for completely separated samples', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).pValue).toBeCloseTo(0.1, 12); // 2 / C(6,3)
    expect(mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8]).pValue).toBeCloseTo(2 / 70, 12);
  });

  it('is 1 for identical samples and for an empty sample', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5], { method: 'normal' }).pValue).toBe(1);
    expect(mannWhitneyU([], [1, 2]).pValue).toBe(1);
  });

  it('agrees with a brute-force permutation test on small samples with ties', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const result = mannWhitneyU(a, b, { method: 'exact' });
        expect(result.u).toBeCloseTo(pairCountU(a, b), 9);
        expect(result.pValue).toBeCloseTo(bruteForceTwoSidedP(a, b), 9);
      }),
      { numRuns: 150 },
    );
  });

  it('uses the tie-corrected variance of the permutation distribution', () => {
    const a = [1, 2, 2, 3, 5];
    const b = [2, 3, 3, 4, 6, 6];
    const us = bruteForceUs(a, b);
    const mean = us.reduce((s, u) => s + u, 0) / us.length;
    const variance = us.reduce((s, u) => s + (u - mean) ** 2, 0) / us.length;
    expect(mean).toBeCloseTo((a.length * b.length) / 2, 9);
    expect(uNullVariance(a.length, b.length, tieGroupSizes([...a, ...b]))).toBeCloseTo(variance, 9);
  });

  it('switches to the normal approximation for large samples, which then agrees with exact', () => {
    const a = Array.from({ length: 30 }, (_, i) => i * 1.1);
    const b = Array.from({ length: 30 }, (_, i) => i * 1.1 + 6);
    const normal = mannWhitneyU(a, b);
    expect(normal.method).toBe('normal');
    const exact = mannWhitneyU(a, b, { method: 'exact' });
    expect(Math.abs(normal.pValue - exact.pValue)).toBeLessThan(0.01);
  });

  it('is symmetric in its samples', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        expect(mannWhitneyU(a, b).pValue).toBeCloseTo(mannWhitneyU(b, a).pValue, 9);
        expect(mannWhitneyU(a, b).pValue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});
