/**
 * Numbers of the Simulate view. The unit is in the column header or label, so cells hold plain
 * numbers (en-US grouping). Results cross the extension port as JSON, where NaN and Infinity
 * become null: every formatter accepts null and shows "–".
 */

const DASH = '–';

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A number with at most `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (!finite(value)) return DASH;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Milliseconds: one decimal under 100 ms, whole above. */
export function formatMsValue(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  return formatNumber(value, Math.abs(value) < 100 ? 1 : 0);
}

/** A 0–1 fraction as a percentage number (the "%" is in the header). */
export function formatPercentValue(fraction: number | null | undefined, digits = 1): string {
  if (!finite(fraction)) return DASH;
  return formatNumber(fraction * 100, digits);
}

/** Requests per second: two significant decimals for small rates. */
export function formatRate(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  return formatNumber(value, value < 10 ? 2 : 1);
}

/** Seconds from ms, e.g. for instance ready/stopped times. */
export function formatSeconds(ms: number | null | undefined): string {
  if (!finite(ms)) return DASH;
  return formatNumber(ms / 1000, ms < 10_000 ? 1 : 0);
}

/** Wall-clock time for messages: "850 ms", "12.3 s", "2 min 5 s". */
export function formatWall(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Money with the user's price unit (no currency symbol: the price is "in any currency"). */
export function formatMoney(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  return formatNumber(value, value < 1 ? 4 : 2);
}

/** A signed relative change, e.g. "+12 %" / "−30 %" (null when the base is 0). */
export function formatChange(ratio: number | null | undefined): string | null {
  if (!finite(ratio)) return null;
  const change = (ratio - 1) * 100;
  if (Math.abs(change) < 0.5) return '±0 %';
  return `${change > 0 ? '+' : '−'}${formatNumber(Math.abs(change), Math.abs(change) < 10 ? 1 : 0)} %`;
}

/** Splits "GET /api/users/:id" into method and route template (no method: empty). */
export function splitEndpoint(name: string): { method: string; template: string } {
  const match = /^([A-Z]+) (.*)$/.exec(name);
  return match ? { method: match[1]!, template: match[2]! } : { method: '', template: name };
}
