/** The random generator, the distributions and the latency histogram. */
import { describe, expect, it } from 'vitest';
import { Sampler } from '../../../src/core/simulator/distributions.ts';
import { LatencyHistogram } from '../../../src/core/simulator/histogram.ts';
import { Rng } from '../../../src/core/simulator/rng.ts';

describe('Rng (xoshiro128**)', () => {
  it('is deterministic per seed and stream, and streams differ', () => {
    const draw = (rng: Rng): number[] => Array.from({ length: 5 }, () => rng.nextUint32());
    expect(draw(new Rng(1))).toEqual(draw(new Rng(1)));
    expect(draw(new Rng(1))).not.toEqual(draw(new Rng(2)));
    expect(draw(new Rng(1, 0))).not.toEqual(draw(new Rng(1, 1)));
    expect(draw(new Rng('checkout'))).toEqual(draw(new Rng('checkout')));
  });
  it('is uniform enough: mean 0.5 and 10 equal bins within 2 % over 1M draws', () => {
    const rng = new Rng(7);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const u = rng.next();
      sum += u;
      bins[Math.floor(u * 10)]!++;
    }
    expect(Math.abs(sum / 1_000_000 - 0.5)).toBeLessThan(0.002);
    for (const count of bins) expect(Math.abs(count / 100_000 - 1)).toBeLessThan(0.02);
  });
});

describe('exponential draws (ziggurat)', () => {
  it('follow the exponential CDF: Kolmogorov–Smirnov distance < 0.002 over 500k draws, tail beyond the base layer included', () => {
    const rng = new Rng(5);
    const n = 500_000;
    const draws = new Float64Array(n);
    for (let i = 0; i < n; i++) draws[i] = rng.exponential(1);
    draws.sort();
    let distance = 0;
    for (let i = 0; i < n; i++) distance = Math.max(distance, Math.abs(1 - Math.exp(-draws[i]!) - (i + 0.5) / n));
    expect(distance).toBeLessThan(0.002);
    // P(X > 7.697) = e^-7.697 ≈ 4.5e-4: about 227 draws come from the tail algorithm.
    const tail = draws.filter((x) => x > 7.69711747013104972).length;
    expect(tail).toBeGreaterThan(170);
    expect(tail).toBeLessThan(290);
  });
});

describe('distributions', () => {
  it.each([
    [{ type: 'exponential', meanMs: 20 } as const, 20],
    [{ type: 'uniform', minMs: 10, maxMs: 30 } as const, 20],
    [{ type: 'lognormal', medianMs: 100, sigma: 0.5 } as const, 100 * Math.exp(0.125)],
    [{ type: 'empirical', valuesMs: [1, 2, 3, 10] } as const, 4],
    [{ type: 'constant', valueMs: 7 } as const, 7],
  ])('%o has the stated mean (sample mean within 1.5 % over 200k draws)', (distribution, mean) => {
    const sampler = Sampler.of(distribution);
    expect(sampler.mean).toBeCloseTo(mean, 9);
    const rng = new Rng(3);
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += sampler.sample(rng);
    expect(Math.abs(sum / 200_000 / mean - 1)).toBeLessThan(0.015);
  });
});

describe('LatencyHistogram', () => {
  it('percentiles are within 0.8 % of the exact nearest-rank percentiles', () => {
    const rng = new Rng(11);
    const histogram = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = Math.exp(Math.log(50) + 1.2 * rng.normal());
      values.push(v);
      histogram.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [1, 10, 50, 90, 95, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!;
      expect(Math.abs(histogram.percentile(p) / exact - 1)).toBeLessThanOrEqual(1 / 128);
    }
    expect(histogram.max).toBe(values.at(-1));
    expect(histogram.min).toBe(values[0]);
  });
  it('is exact for min, max and mean, and reports 0 for an empty histogram', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(50)).toBe(0);
    [5, 10, 15].forEach((v) => histogram.record(v));
    expect(histogram.mean).toBe(10);
    expect(histogram.percentile(100)).toBe(15);
    expect(Math.abs(histogram.percentile(1) / 5 - 1)).toBeLessThanOrEqual(1 / 128);
  });
});
