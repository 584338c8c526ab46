/** ISO 8601 of an epoch ms; out-of-range times (a Date cannot hold them) become the epoch. */
export function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
