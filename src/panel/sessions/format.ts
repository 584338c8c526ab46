/** How the Sessions and Compare sections write times, differences and origins, with units. */
import { formatBytes, formatCount, formatMs } from '../../core/metrics/format';
import type { Session } from '../../core/model';
import type { Difference, ExportFormatId } from '../../core/sessions/index';

export type Unit = 'ms' | 'bytes' | 'count' | 'score';

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'count':
      return formatCount(value);
    case 'score':
      return value.toFixed(3);
  }
}

/** "+123 ms", "−1.2 KB", "±0", or "n/a" when a side has no value. */
export function formatAbsolute(diff: Difference, unit: Unit): string {
  if (diff.absolute === null) return 'n/a';
  if (diff.absolute === 0) return `±${formatValue(0, unit)}`;
  const sign = diff.absolute > 0 ? '+' : '−';
  return sign + formatValue(Math.abs(diff.absolute), unit);
}

/** "+12.3 %", "−4.0 %", "n/a" (no value, or a baseline of 0). */
export function formatPercent(diff: Difference): string {
  if (diff.percent === null || !Number.isFinite(diff.percent)) return 'n/a';
  if (diff.percent === 0) return '±0.0 %';
  return `${diff.percent > 0 ? '+' : '−'}${Math.abs(diff.percent).toFixed(1)} %`;
}

/** Every metric compared here is better lower: the class colours a cell. */
export function changeClass(diff: Difference): string {
  if (diff.absolute === null || diff.absolute === 0) return '';
  return diff.absolute > 0 ? 'worse' : 'better';
}

/** "2025-03-03 09:00" in local time. */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return 'unknown';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function originLabel(session: Session): string {
  switch (session.origin) {
    case 'captured':
      return 'captured';
    case 'imported-json':
      return 'imported JSON';
    case 'imported-har':
      return 'imported HAR';
  }
}

/** A session as one line, for pickers and the banner. */
export function sessionLabel(session: Session): string {
  return `${session.name} (${originLabel(session)}, ${formatDateTime(session.startTime)})`;
}

/** The name of each format on its button (the registry's titles are longer). */
export const FORMAT_NAMES: Record<ExportFormatId, string> = {
  json: 'JSON',
  csv: 'CSV (zip)',
  har: 'HAR',
  trace: 'Trace',
  report: 'Report (HTML)',
  otlp: 'OTLP (zip)',
};

/** A message as a sentence: ends with a full stop unless it already ends a sentence. */
export function sentence(message: string): string {
  const text = message.trim();
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
