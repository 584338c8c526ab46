/**
 * Relative change from before to after, in percent (negative when after is smaller).
 * 0 when both are 0; null when before is 0 and after is not (the change is unbounded) or when
 * either is missing.
 */
export function percentChange(before: number | null, after: number | null): number | null {
  if (before === null || after === null || !Number.isFinite(before) || !Number.isFinite(after)) return null;
  if (before === 0) return after === 0 ? 0 : null;
  return ((after - before) / Math.abs(before)) * 100;
}
