/**
 * Units of alert thresholds. A threshold is stored in the unit its author wrote (KiB in a
 * Lighthouse budget.json, bytes in a sitespeed.io file) and converted to the metric's base unit
 * (ms, bytes, count, unitless) only when compared.
 */

/** A unit a threshold can be written in. */
export type Unit = 'ms' | 's' | 'B' | 'kB' | 'KiB' | 'MB' | 'MiB' | 'count' | 'unitless';

/** What a unit measures; a threshold's unit must measure what its metric measures. */
export type Dimension = 'time' | 'size' | 'count' | 'score';

/** Every unit, in the order the budgets editor offers them. */
export const UNITS: readonly Unit[] = ['ms', 's', 'B', 'kB', 'KiB', 'MB', 'MiB', 'count', 'unitless'];

const UNIT_INFO: Readonly<Record<Unit, { dimension: Dimension; factor: number }>> = {
  ms: { dimension: 'time', factor: 1 },
  s: { dimension: 'time', factor: 1000 },
  B: { dimension: 'size', factor: 1 },
  kB: { dimension: 'size', factor: 1000 },
  KiB: { dimension: 'size', factor: 1024 },
  MB: { dimension: 'size', factor: 1_000_000 },
  MiB: { dimension: 'size', factor: 1024 * 1024 },
  count: { dimension: 'count', factor: 1 },
  unitless: { dimension: 'score', factor: 1 },
};

/** The unit every value of a dimension is measured in. */
export const BASE_UNITS: Readonly<Record<Dimension, Unit>> = { time: 'ms', size: 'B', count: 'count', score: 'unitless' };

export function isUnit(value: unknown): value is Unit {
  return typeof value === 'string' && Object.hasOwn(UNIT_INFO, value);
}

export function dimensionOf(unit: Unit): Dimension {
  return UNIT_INFO[unit].dimension;
}

/** A value written in unit, in its dimension's base unit (ms, bytes, count). */
export function toBaseUnit(value: number, unit: Unit): number {
  return value * UNIT_INFO[unit].factor;
}

/** A threshold: a number and the unit it was written in. */
export interface Quantity {
  value: number;
  unit: Unit;
}

/** Formats a base-unit value of a dimension for people: "2,500 ms", "150.0 KB", "12", "0.250". */
export function formatValue(value: number, dimension: Dimension): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (dimension) {
    case 'time':
      return `${Math.round(value).toLocaleString('en-US')} ms`;
    case 'size':
      return formatSize(value);
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'score':
      return value.toFixed(3);
  }
}

/** Bytes in the binary units budget files use (1 KiB = 1024 B). */
function formatSize(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${Math.round(bytes)} B`;
  if (abs < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** A quantity as its author wrote it: "150 KiB", "2.5 s", "0.1". */
export function formatQuantity(quantity: Quantity): string {
  const number = quantity.value.toLocaleString('en-US', { maximumFractionDigits: 3 });
  return quantity.unit === 'unitless' || quantity.unit === 'count' ? number : `${number} ${quantity.unit}`;
}

/** The dimension of an alert's stored unit (ms, B, count, unitless). */
export function dimensionOfStoredUnit(unit: string | undefined): Dimension {
  if (unit === 'B') return 'size';
  if (unit === 'count') return 'count';
  if (unit === 'unitless') return 'score';
  return 'time';
}

/** An alert's value or threshold with its unit: "3,120 ms", "150.0 KiB", "0.250". */
export function formatAlertValue(value: number, unit: string | undefined): string {
  return formatValue(value, dimensionOfStoredUnit(unit));
}
