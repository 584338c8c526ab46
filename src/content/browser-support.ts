import { browserSupport, type BrowserSupport } from '../core/metrics/browser-support';

/** Longer lists are cut: the capture boundary accepts at most this many entry types. */
const MAX_ENTRY_TYPES = 64;

/**
 * What this browser exposes to the content script: the entry types PerformanceObserver can
 * observe and whether performance.memory exists. Firefox, for one, has no layout-shift,
 * long-animation-frame or longtask entries and no performance.memory.
 */
export function readBrowserSupport(): BrowserSupport {
  const types = typeof PerformanceObserver === 'undefined' ? [] : (PerformanceObserver.supportedEntryTypes ?? []);
  return browserSupport(types.filter((t) => t.length <= 64).slice(0, MAX_ENTRY_TYPES), 'memory' in performance);
}
