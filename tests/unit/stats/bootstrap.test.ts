import { describe, expect, it } from 'vitest';
import { bootstrapMedianDifference, percentChange, seededRandom } from '../../../src/core/stats';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    for (let i = 0; i < 100; i++) {
      const value = first();
      expect(value).toBe(second());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });
});

describe('bootstrapMedianDifference', () => {
  const before = [1200, 1250, 1180, 1300, 1220, 1270, 1240, 1210];
  const after = [900, 950, 880, 1000, 920, 970, 940, 910];

  it('estimates median(after) − median(before) with an interval around it', () => {
    const ci = bootstrapMedianDifference(before, after)!;
    expect(ci.estimate).toBe(930 - 1230);
    expect(ci.low).toBeLessThanOrEqual(ci.estimate);
    expect(ci.high).toBeGreaterThanOrEqual(ci.estimate);
    expect(ci.high).toBeLessThan(0);
    expect(ci.confidence).toBe(0.95);
  });

  it('is reproducible with the same seed', () => {
    expect(bootstrapMedianDifference(before, after, { seed: 7 })).toEqual(bootstrapMedianDifference(before, after, { seed: 7 }));
  });

  it('includes 0 for samples from the same distribution', () => {
    const ci = bootstrapMedianDifference(before, [...before].reverse())!;
    expect(ci.low).toBeLessThanOrEqual(0);
    expect(ci.high).toBeGreaterThanOrEqual(0);
  });

  it('is null for an empty sample', () => {
    expect(bootstrapMedianDifference([], after)).toBeNull();
  });
});

describe('percentChange', () => {
  it('is relative to before', () => {
    expect(percentChange(100, 80)).toBe(-20);
    expect(percentChange(200, 300)).toBe(50);
    expect(percentChange(0, 0)).toBe(0);
    expect(percentChange(0, 5)).toBeNull();
    expect(percentChange(null, 5)).toBeNull();
  });
});
