import { describe, expect, it } from 'vitest';
import { downsampleMax, downsampleMinMax, type Series } from '../../../src/core/metrics/downsample';

/** One hour of one-second-ish samples stretched to n points: a slow wave, noise, one spike and one dip. */
function wave(n: number): Series {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(1_700_000_000 + (i * 3600) / n);
    ys.push(i === 123_457 ? 1000 : i === 654_321 ? -1000 : Math.sin(i / 5000) * 10 + ((i * 7919) % 13) / 13);
  }
  return [xs, ys];
}

/** Brute force: min and max of the non-null ys in each column. */
function columnExtremes([xs, ys]: Series, columns: number): Map<number, [number, number]> {
  const from = xs[0]!;
  const scale = columns / (xs[xs.length - 1]! - from);
  const out = new Map<number, [number, number]>();
  xs.forEach((x, i) => {
    const y = ys[i];
    if (y === null || y === undefined) return;
    const column = Math.min(columns - 1, Math.floor((x - from) * scale));
    const seen = out.get(column);
    out.set(column, seen ? [Math.min(seen[0], y), Math.max(seen[1], y)] : [y, y]);
  });
  return out;
}

describe('downsampleMinMax', () => {
  it('reduces 1M points to at most 4 per column with the same per-column extremes, spike and dip kept', () => {
    const series = wave(1_000_000);
    const reduced = downsampleMinMax(series, 800);
    expect(reduced[0].length).toBeLessThanOrEqual(3200);
    expect(reduced[0].length).toBeGreaterThan(1600);
    expect(reduced[0].every((x, i) => i === 0 || x > reduced[0][i - 1]!)).toBe(true);
    expect(columnExtremes(reduced, 800)).toEqual(columnExtremes(series, 800));
    expect(Math.max(...(reduced[1] as number[]))).toBe(1000);
    expect(Math.min(...(reduced[1] as number[]))).toBe(-1000);
    expect(reduced[0][0]).toBe(series[0][0]);
    expect(reduced[0].at(-1)).toBe(series[0].at(-1));
  });

  it('keeps a gap as one null in its column', () => {
    const [xs, ys] = wave(10_000);
    for (let i = 5000; i < 5100; i++) ys[i] = null;
    const reduced = downsampleMinMax([xs, ys], 100);
    expect(reduced[1].filter((y) => y === null).length).toBeGreaterThanOrEqual(1);
    expect(reduced[1].filter((y) => y === null).length).toBeLessThanOrEqual(2);
  });

  it('returns a short series unchanged', () => {
    const series: Series = [
      [1, 2, 3],
      [5, null, 7],
    ];
    expect(downsampleMinMax(series, 800)).toBe(series);
  });
});

describe('downsampleMax', () => {
  it('keeps the highest bar of every column', () => {
    const series = wave(200_000);
    const reduced = downsampleMax(series, 500);
    expect(reduced[0].length).toBeLessThanOrEqual(500);
    const expected = [...columnExtremes(series, 500).values()].map(([, high]) => high);
    expect(reduced[1]).toEqual(expected);
  });
});
