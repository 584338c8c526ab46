import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricWithAttribution } from 'web-vitals/attribution';
import type { Attribution } from '../../core/model';
import { nowEpoch } from '../clock';
import type { Collector, CollectorContext } from './types';

type Primitive = string | number | boolean | null;

const MAX_STRING = 2048;

function plain(value: unknown): Primitive | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, MAX_STRING);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  return undefined;
}

/** Attribution as plain data only: selector strings and numbers, never DOM nodes or entries. */
export function attributionOf(metric: MetricWithAttribution): Attribution {
  const out: Attribution = {};
  const a = metric.attribution as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(a)) {
    const p = plain(value);
    if (p !== undefined) out[key] = p;
  }
  if (metric.name === 'INP') {
    const script = metric.attribution.longestScript;
    if (script) {
      out.longestScriptURL = (script.entry.sourceURL || '').slice(0, MAX_STRING);
      out.longestScriptInvoker = (script.entry.invoker || '').slice(0, MAX_STRING);
      out.longestScriptSubpart = script.subpart;
      out.longestScriptDuration = script.intersectingDuration;
    }
    out.longAnimationFrames = metric.attribution.longAnimationFrameEntries.length;
  }
  if (metric.name === 'CLS') {
    const shiftTarget = metric.attribution.largestShiftSource?.node;
    if (shiftTarget === undefined) delete out.largestShiftSource;
  }
  return out;
}

/** When the measured thing happened, to put the sample in the right view. */
function happenedAt(metric: MetricWithAttribution): number {
  switch (metric.name) {
    case 'LCP':
      return metric.attribution.lcpEntry?.startTime ?? 0;
    case 'FCP':
      return metric.attribution.fcpEntry?.startTime ?? 0;
    case 'TTFB':
      return 0;
    case 'INP':
      return metric.attribution.interactionTime ?? performance.now();
    case 'CLS':
      return metric.attribution.largestShiftTime ?? performance.now();
  }
}

/**
 * Core Web Vitals through web-vitals' attribution build, every change reported. web-vitals
 * offers no way to unsubscribe, so an aborted signal ends only what it reports.
 */
export const vitalsCollector: Collector = { id: 'vitals', start: startVitals };

function startVitals({ views, push, signal }: CollectorContext): void {
  const report = (metric: MetricWithAttribution) => {
    if (signal.aborted) return;
    push({
      kind: 'vital',
      t: nowEpoch(),
      viewId: views.viewAt(happenedAt(metric)),
      name: metric.name,
      value: Math.max(0, metric.value),
      delta: metric.delta,
      rating: metric.rating,
      metricId: metric.id.slice(0, 128),
      navigationType: metric.navigationType,
      attribution: attributionOf(metric),
    });
  };
  const opts = { reportAllChanges: true };
  onLCP(report, opts);
  onINP(report, { ...opts, durationThreshold: 16 });
  onCLS(report, opts);
  onFCP(report, opts);
  onTTFB(report, opts);
}
