import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import {
  fcpBreakdown,
  inpBreakdown,
  largestShiftIndex,
  lcpBreakdown,
  loadStateAt,
  ttfbBreakdown,
  type AnimationFrameLike,
  type EventTimingLike,
  type NavigationTimingLike,
} from '../../core/capture/vital-attribution';
import type { Attribution } from '../../core/model';
import { nowEpoch } from '../clock';
import type { Collector, CollectorContext } from './types';

/**
 * A metric's changes within this long are delivered as one sample (its latest value, the sum
 * of their deltas), with attribution computed once. A page that is hidden or unloading gets its
 * pending samples at once.
 */
const SETTLE_MS = 250;

/** Interactions shorter than this are not INP candidates (web-vitals' durationThreshold; 16 ms is the least Event Timing allows). */
const INP_THRESHOLD_MS = 16;

/** The longest selector kept, as web-vitals' own (a CSS path from the nearest id). */
const MAX_SELECTOR = 100;

/** A CSS path to a node: tag and sorted classes per level, up to the nearest id. */
export function selectorOf(node: Node | null | undefined): string {
  let selector = '';
  try {
    while (node && node.nodeType !== Node.DOCUMENT_NODE) {
      const el = node as Element;
      const part = el.id ? `#${el.id}` : [el.nodeType === Node.ELEMENT_NODE ? el.nodeName.toLowerCase() : el.nodeName.toUpperCase().replace(/^#/, ''), ...[...(el.classList ?? [])].sort()].join('.');
      if (selector.length + part.length > MAX_SELECTOR - 1) return selector || part;
      selector = selector ? `${part}>${selector}` : part;
      if (el.id) break;
      node = el.parentNode;
    }
  } catch {
    /* a node of a torn-down document: keep what was read */
  }
  return selector;
}

/** What attribution reads besides a metric's own entries. */
interface Timings {
  /** The document's navigation timing. */
  navigation(): NavigationTimingLike | null;
  /** The latest long animation frames and event entries, oldest first. */
  frames: readonly AnimationFrameLike[];
  events: readonly EventTimingLike[];
}

const loadState = (time: number, timings: Timings) => loadStateAt(time, timings.navigation(), document.readyState === 'loading');

interface Attributed {
  attribution: Attribution;
  /** When the measured thing happened (performance time), to put the sample in the right view. */
  at: number;
}

function attributeLCP(metric: Metric, timings: Timings): Attributed {
  const entry = metric.entries.at(-1) as LargestContentfulPaint | undefined;
  if (!entry) return { attribution: lcpBreakdown(metric.value, null, null), at: 0 };
  const resource = entry.url
    ? ((performance.getEntriesByName(entry.url, 'resource') as PerformanceResourceTiming[]).findLast((e) => (e.requestStart || e.startTime) <= entry.startTime) ?? null)
    : null;
  const attribution = lcpBreakdown(metric.value, timings.navigation(), resource);
  const target = entry.element ? selectorOf(entry.element) : entry.id ? `#${entry.id}` : '';
  if (target) attribution.target = target;
  if (entry.url) attribution.url = entry.url.slice(0, 2048);
  return { attribution, at: entry.startTime };
}

/** How many of the latest event entries are kept, to find those presented in an interaction's frame. */
const RECENT_EVENTS = 64;

/** The timing of the latest event entries of INP's threshold (web-vitals sees the same ones), kept as they come. */
function watchEvents(signal: AbortSignal): readonly EventTimingLike[] {
  const recentEvents: EventTimingLike[] = [];
  if (!PerformanceObserver.supportedEntryTypes?.includes('event')) return recentEvents;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEventTiming[]) {
      recentEvents.push({ name: e.name, startTime: e.startTime, duration: e.duration, processingStart: e.processingStart, processingEnd: e.processingEnd });
      if (recentEvents.length > RECENT_EVENTS) recentEvents.shift();
    }
  });
  observer.observe({ type: 'event', buffered: true, durationThreshold: INP_THRESHOLD_MS } as PerformanceObserverInit);
  signal.addEventListener('abort', () => observer.disconnect());
  return recentEvents;
}

function attributeINP(metric: Metric, timings: Timings): Attributed {
  const events = metric.entries as (PerformanceEventTiming & EventTimingLike)[];
  const attribution = inpBreakdown(events, timings.frames, timings.events);
  const target = events.find((e) => e.target)?.target;
  if (target) attribution.interactionTarget = selectorOf(target);
  const at = events[0]?.startTime ?? performance.now();
  attribution.loadState = loadState(at, timings);
  return { attribution, at };
}

function attributeCLS(metric: Metric, timings: Timings): Attributed {
  const shifts = metric.entries as (PerformanceEntry & { value: number; sources?: readonly { node?: Node | null }[] })[];
  const largest = shifts[largestShiftIndex(shifts)];
  if (!largest) return { attribution: {}, at: performance.now() };
  const source = largest.sources?.find((s) => s.node?.nodeType === Node.ELEMENT_NODE) ?? largest.sources?.[0];
  const attribution: Attribution = { largestShiftTime: largest.startTime, largestShiftValue: largest.value, loadState: loadState(largest.startTime, timings) };
  if (source?.node) attribution.largestShiftTarget = selectorOf(source.node);
  return { attribution, at: largest.startTime };
}

function attributeFCP(metric: Metric, timings: Timings): Attributed {
  const at = metric.entries.at(-1)?.startTime ?? 0;
  return { attribution: { ...fcpBreakdown(metric.value, timings.navigation()), loadState: loadState(metric.entries[0]?.startTime ?? 0, timings) }, at };
}

const attributeTTFB = (metric: Metric, timings: Timings): Attributed => ({ attribution: ttfbBreakdown(metric.value, timings.navigation()), at: 0 });

const ATTRIBUTE: Record<Metric['name'], (metric: Metric, timings: Timings) => Attributed> = {
  LCP: attributeLCP,
  INP: attributeINP,
  CLS: attributeCLS,
  FCP: attributeFCP,
  TTFB: attributeTTFB,
};

/**
 * Core Web Vitals through web-vitals' standard build, every change reported and delivered
 * within SETTLE_MS, with attribution computed here once per delivered sample
 * (src/core/capture/vital-attribution.ts). web-vitals offers no way to unsubscribe, so an
 * aborted signal ends only what it reports.
 */
export const vitalsCollector: Collector = { id: 'vitals', start: startVitals };

function startVitals({ views, push, signal, frames }: CollectorContext): void {
  let navigationEntry: NavigationTimingLike | null = null;
  const timings: Timings = {
    // One live entry per document: read once.
    navigation: () => (navigationEntry ??= (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined) ?? null),
    frames,
    events: watchEvents(signal),
  };
  const pending = new Map<string, Metric>();
  /** The value last delivered per metric id: a delivered delta covers every change since. */
  const delivered = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const deliver = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const metric of pending.values()) {
      const { attribution, at } = ATTRIBUTE[metric.name](metric, timings);
      const value = Math.max(0, metric.value);
      push({
        kind: 'vital',
        t: nowEpoch(),
        viewId: views.viewAt(at),
        name: metric.name,
        value,
        delta: metric.value - (delivered.get(metric.id) ?? 0),
        rating: metric.rating,
        metricId: metric.id.slice(0, 128),
        navigationType: metric.navigationType,
        attribution,
      });
      delivered.set(metric.id, metric.value);
    }
    pending.clear();
  };
  const report = (metric: Metric) => {
    if (signal.aborted) return;
    pending.set(metric.name, metric);
    // web-vitals reports the final values as the page is hidden: they go out with its last batch.
    if (document.visibilityState === 'hidden') deliver();
    else timer ??= setTimeout(deliver, SETTLE_MS);
  };
  addEventListener('pagehide', deliver, { capture: true, signal });
  const opts = { reportAllChanges: true };
  onLCP(report, opts);
  onINP(report, { ...opts, durationThreshold: INP_THRESHOLD_MS });
  onCLS(report, opts);
  onFCP(report, opts);
  onTTFB(report, opts);
}
