import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { median, p75, quantile } from '../../../src/core/stats';

describe('quantile (type 7, linear interpolation)', () => {
  it('matches hand-computed values', () => {
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(p75([1, 2, 3, 4])).toBe(3.25); // position 3·0.75 = 2.25 → 3 + 0.25·(4 − 3)
    expect(median([3, 1, 2])).toBe(2);
    expect(p75([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(7.75); // position 6.75
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBe(14); // position 0.4
    expect(median([7])).toBe(7);
  });

  it('returns the extremes at q = 0 and q = 1', () => {
    expect(quantile([5, -1, 3], 0)).toBe(-1);
    expect(quantile([5, -1, 3], 1)).toBe(5);
  });

  it('is null without finite values or with q outside [0, 1]', () => {
    expect(median([])).toBeNull();
    expect(median([Number.NaN, Number.POSITIVE_INFINITY])).toBeNull();
    expect(quantile([1, 2], 1.5)).toBeNull();
  });

  it('ignores non-finite values', () => {
    expect(median([1, Number.NaN, 3])).toBe(2);
  });

  it('lies between the minimum and the maximum and grows with q', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const value = quantile(values, q)!;
        expect(value).toBeGreaterThanOrEqual(Math.min(...values));
        expect(value).toBeLessThanOrEqual(Math.max(...values));
        expect(quantile(values, Math.min(1, q + 0.1))!).toBeGreaterThanOrEqual(value - 1e-9);
      }),
    );
  });
});
