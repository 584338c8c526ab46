import type { Rating, VitalName } from '../model';

/**
 * The standard Core Web Vitals thresholds [good upper bound, poor lower bound], as web.dev
 * defines them: a value <= the first is good, > the second is poor.
 */
export const VITAL_THRESHOLDS: Readonly<Record<VitalName, readonly [number, number]>> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

/** Units for display: CLS is unitless, the rest are milliseconds. */
export const VITAL_UNITS: Readonly<Record<VitalName, 'ms' | ''>> = {
  LCP: 'ms',
  INP: 'ms',
  CLS: '',
  FCP: 'ms',
  TTFB: 'ms',
};

export const VITAL_TITLES: Readonly<Record<VitalName, string>> = {
  LCP: 'Largest Contentful Paint',
  INP: 'Interaction to Next Paint',
  CLS: 'Cumulative Layout Shift',
  FCP: 'First Contentful Paint',
  TTFB: 'Time to First Byte',
};

export function rateVital(name: VitalName, value: number): Rating {
  const [good, poor] = VITAL_THRESHOLDS[name];
  if (value <= good) return 'good';
  if (value <= poor) return 'needs-improvement';
  return 'poor';
}

/** The words shown to people for a rating. */
export const RATING_WORDS: Readonly<Record<Rating, string>> = {
  good: 'good',
  'needs-improvement': 'needs improvement',
  poor: 'poor',
};

/** Formats a vital value with its unit: "1,234 ms", "0.123". */
export function formatVital(name: VitalName, value: number): string {
  if (name === 'CLS') return value.toFixed(3);
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}
