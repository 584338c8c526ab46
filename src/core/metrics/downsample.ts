/**
 * Downsampling a time series to the pixels that show it: per pixel column at most the column's
 * first, lowest, highest and last points (in time order), so a line drawn through what is left
 * looks exactly like one drawn through every point, and a spike of one sample stays visible.
 * A chart of 1M points over 800 px then draws at most 3,200.
 */

/** A series as the charts take it: x ascending, y with null for a gap. */
export type Series = [number[], (number | null)[]];

/**
 * Keeps, for each of `columns` equal slices of [xs[0], xs[last]], the first, minimum, maximum and
 * last non-null point (each once, in x order); a column that holds a gap keeps one null so the line
 * breaks there. Series with at most 4 points per column come back unchanged.
 */
export function downsampleMinMax(series: Series, columns: number): Series {
  const [xs, ys] = series;
  const n = xs.length;
  const width = Math.max(1, Math.floor(columns));
  if (n <= width * 4) return series;
  const from = xs[0]!;
  const span = xs[n - 1]! - from;
  if (!(span > 0)) return series;
  const scale = width / span;
  const outX: number[] = [];
  const outY: (number | null)[] = [];
  let i = 0;
  while (i < n) {
    const column = Math.min(width - 1, Math.floor((xs[i]! - from) * scale));
    let first = -1;
    let last = -1;
    let low = -1;
    let high = -1;
    let gap = -1;
    for (; i < n && Math.min(width - 1, Math.floor((xs[i]! - from) * scale)) === column; i++) {
      const y = ys[i];
      if (y === null || y === undefined) {
        if (gap < 0) gap = i;
        continue;
      }
      if (first < 0) first = low = high = i;
      else {
        if (y < ys[low]!) low = i;
        if (y > ys[high]!) high = i;
      }
      last = i;
    }
    const kept = [first, low, high, last, gap].filter((k) => k >= 0).sort((a, b) => a - b);
    let previous = -1;
    for (const k of kept) {
      if (k === previous) continue;
      previous = k;
      outX.push(xs[k]!);
      outY.push(ys[k] ?? null);
    }
  }
  return [outX, outY];
}

/** For bar charts: the highest value per pixel column, at the column's first x. */
export function downsampleMax(series: Series, columns: number): Series {
  const [xs, ys] = series;
  const n = xs.length;
  const width = Math.max(1, Math.floor(columns));
  if (n <= width) return series;
  const from = xs[0]!;
  const span = xs[n - 1]! - from;
  if (!(span > 0)) return series;
  const scale = width / span;
  const outX: number[] = [];
  const outY: (number | null)[] = [];
  let i = 0;
  while (i < n) {
    const column = Math.min(width - 1, Math.floor((xs[i]! - from) * scale));
    const x = xs[i]!;
    let high: number | null = null;
    for (; i < n && Math.min(width - 1, Math.floor((xs[i]! - from) * scale)) === column; i++) {
      const y = ys[i];
      if (y !== null && y !== undefined && (high === null || y > high)) high = y;
    }
    outX.push(x);
    outY.push(high);
  }
  return [outX, outY];
}
