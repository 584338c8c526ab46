/**
 * Downsampling a time series to the pixels that show it: per pixel column at most the column's
 * first, lowest, highest and last points (in time order), so a line drawn through what is left
 * looks exactly like one drawn through every point, and a spike of one sample stays visible.
 * A chart of 1M points over 800 px then draws at most 3,200.
 */

/** A series as the charts take it: x ascending, y with null for a gap. */
export type Series = [number[], (number | null)[]];

/**
 * Walks the series one pixel column at a time: for each of `width` equal slices of
 * [xs[0], xs[last]] that holds points, calls `visit(start, end)` with the slice's index range
 * (end exclusive). Returns false (visiting nothing) when the series spans no time.
 */
function eachColumn(xs: readonly number[], width: number, visit: (start: number, end: number) => void): boolean {
  const n = xs.length;
  const from = xs[0]!;
  const span = xs[n - 1]! - from;
  if (!(span > 0)) return false;
  const scale = width / span;
  const columnOf = (x: number) => Math.min(width - 1, Math.floor((x - from) * scale));
  let i = 0;
  while (i < n) {
    const start = i;
    const column = columnOf(xs[i]!);
    for (i++; i < n && columnOf(xs[i]!) === column; i++);
    visit(start, i);
  }
  return true;
}

/**
 * Keeps, for each of `columns` equal slices of [xs[0], xs[last]], the first, minimum, maximum and
 * last non-null point (each once, in x order); a column that holds a gap keeps one null so the line
 * breaks there. Series with at most 4 points per column come back unchanged.
 */
export function downsampleMinMax(series: Series, columns: number): Series {
  const [xs, ys] = series;
  const width = Math.max(1, Math.floor(columns));
  if (xs.length <= width * 4) return series;
  const outX: number[] = [];
  const outY: (number | null)[] = [];
  const walked = eachColumn(xs, width, (start, end) => {
    let first = -1;
    let last = -1;
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
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
  });
  return walked ? [outX, outY] : series;
}

/** For bar charts: the highest value per pixel column, at the column's first x. */
export function downsampleMax(series: Series, columns: number): Series {
  const [xs, ys] = series;
  const width = Math.max(1, Math.floor(columns));
  if (xs.length <= width) return series;
  const outX: number[] = [];
  const outY: (number | null)[] = [];
  const walked = eachColumn(xs, width, (start, end) => {
    let high: number | null = null;
    for (let i = start; i < end; i++) {
      const y = ys[i];
      if (y !== null && y !== undefined && (high === null || y > high)) high = y;
    }
    outX.push(xs[start]!);
    outY.push(high);
  });
  return walked ? [outX, outY] : series;
}
