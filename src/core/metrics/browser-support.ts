/**
 * What the page's browser exposes to the content script, and so what a session can hold.
 * Firefox, for one, has no layout-shift entries (no CLS), no long animation frames or long
 * tasks, and no performance.memory: those are "not measured in this browser", never zeros.
 */
import type { VitalName } from '../model';

/** What a browser exposes, reported by the content script at each hard page load. */
export interface BrowserSupport {
  /** PerformanceObserver.supportedEntryTypes, sorted. */
  entryTypes: string[];
  /** Whether performance.memory (the JS heap size) exists. */
  memory: boolean;
}

/** A measurement the panel and the exports show that a browser may not expose. */
export type Measurement = VitalName | 'longFrames' | 'heap';

/** The measurements, in the order they are listed to people. */
export const MEASUREMENTS: readonly Measurement[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB', 'longFrames', 'heap'];

/** The words used wherever a measurement is absent because the browser does not expose it. */
export const NOT_MEASURED = 'not measured in this browser';

/** How people read each measurement's name, and what the browser would have to expose. */
export const MEASUREMENT_SOURCES: Record<Measurement, { label: string; needs: string; entryTypes?: readonly string[]; memory?: true }> = {
  LCP: { label: 'LCP', needs: 'largest-contentful-paint entries', entryTypes: ['largest-contentful-paint'] },
  INP: { label: 'INP', needs: 'event timing entries', entryTypes: ['event'] },
  CLS: { label: 'CLS', needs: 'layout-shift entries', entryTypes: ['layout-shift'] },
  FCP: { label: 'FCP', needs: 'paint entries', entryTypes: ['paint'] },
  TTFB: { label: 'TTFB', needs: 'navigation timing', entryTypes: ['navigation'] },
  longFrames: { label: 'long animation frames', needs: 'long-animation-frame or longtask entries', entryTypes: ['long-animation-frame', 'longtask'] },
  heap: { label: 'JS heap', needs: 'performance.memory', memory: true },
};

/** Builds the support record from what the content script read (input in any order, repeats dropped). */
export function browserSupport(entryTypes: readonly string[], memory: boolean): BrowserSupport {
  return { entryTypes: [...new Set(entryTypes)].sort(), memory };
}

/** Whether a measurement is available; without a support record (older or imported data) it counts as measured. */
export function isMeasured(support: BrowserSupport | null | undefined, measurement: Measurement): boolean {
  if (!support) return true;
  const source = MEASUREMENT_SOURCES[measurement];
  if (source.memory) return support.memory;
  return (source.entryTypes ?? []).some((type) => support.entryTypes.includes(type));
}

/** The measurements this browser does not expose, in MEASUREMENTS order. */
export function unmeasured(support: BrowserSupport | null | undefined): Measurement[] {
  return MEASUREMENTS.filter((m) => !isMeasured(support, m));
}

/**
 * One sentence for exports and reports, e.g. "Not measured in this browser: CLS (no
 * layout-shift entries), JS heap (no performance.memory)." Empty when everything was measured.
 */
export function describeUnmeasured(support: BrowserSupport | null | undefined): string {
  const missing = unmeasured(support);
  if (!missing.length) return '';
  const parts = missing.map((m) => `${MEASUREMENT_SOURCES[m].label} (no ${MEASUREMENT_SOURCES[m].needs})`);
  return `Not measured in this browser: ${parts.join(', ')}.`;
}

/** Why a measurement is absent, for the panel: "This browser exposes no layout-shift entries." */
export function whyUnmeasured(measurement: Measurement): string {
  return `This browser exposes no ${MEASUREMENT_SOURCES[measurement].needs}.`;
}

/** "not measured in this browser (no layout-shift entries)" */
export function notMeasuredReason(measurement: Measurement): string {
  return `${NOT_MEASURED} (no ${MEASUREMENT_SOURCES[measurement].needs})`;
}

/** "CLS: not measured in this browser (no layout-shift entries)." (a sentence of its own) */
export function notMeasuredNote(measurement: Measurement): string {
  const label = MEASUREMENT_SOURCES[measurement].label;
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${notMeasuredReason(measurement)}.`;
}

/**
 * What the browser that captured a session exposed: the session's record, else the latest
 * hard view's (live data reaches the panel view by view). Undefined when neither says.
 */
export function supportOf(session: { support?: BrowserSupport } | null | undefined, views: readonly { support?: BrowserSupport }[]): BrowserSupport | undefined {
  if (session?.support) return session.support;
  for (let i = views.length - 1; i >= 0; i--) {
    const support = views[i]!.support;
    if (support) return support;
  }
  return undefined;
}
