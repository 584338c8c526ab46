/** Human formatting with units, shared by the panel, the report and the command-line tools. */

/** How a number is written: 'fixed' decimals for tables and cards, 'short' (fewest digits) for sentences. */
export type NumberStyle = 'fixed' | 'short';

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/**
 * Bytes in binary units (1 KiB = 1024 B), as storage limits and heap sizes are. 'fixed':
 * 1536 → "1.5 KiB", 5 MiB → "5.0 MiB", 3.5 GiB → "3.50 GiB". 'short': 2048 → "2 KiB",
 * 1.25 MiB → "1.3 MiB", 12.4 MiB → "12 MiB".
 */
export function formatBytes(bytes: number | null | undefined, style: NumberStyle = 'fixed'): string {
  if (bytes == null || !Number.isFinite(bytes)) return 'n/a';
  const abs = Math.abs(bytes);
  if (abs < KIB) return `${Math.round(bytes)} B`;
  if (style === 'short') {
    if (abs < MIB) return `${Math.round(bytes / KIB)} KiB`;
    return abs < GIB ? `${fewDigits(bytes / MIB)} MiB` : `${fewDigits(bytes / GIB)} GiB`;
  }
  if (abs < MIB) return `${(bytes / KIB).toFixed(1)} KiB`;
  if (abs < GIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** Whole from 10 on, one decimal below. */
function fewDigits(value: number): string {
  return Math.abs(value) >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

// One formatter for every call: toLocaleString builds a new one each time (a Network view renders hundreds of cells per scroll or sort).
const GROUPED = new Intl.NumberFormat('en-US');

/** 'fixed': 12.3 ms, 1,234 ms, 12.3 s. 'short': 850 ms, 1.2 s, 12 s. */
export function formatMs(ms: number | null | undefined, style: NumberStyle = 'fixed'): string {
  if (ms == null || !Number.isFinite(ms)) return 'n/a';
  if (style === 'short') return ms >= 1000 ? `${fewDigits(ms / 1000)} s` : `${Math.round(ms)} ms`;
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 100) return `${GROUPED.format(Math.round(ms))} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatCount(n: number): string {
  return GROUPED.format(Math.round(n));
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${sec} s`;
  return `${sec} s`;
}
