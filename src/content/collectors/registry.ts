/**
 * Every capture collector, in the order they start (soft navigations first, so the views are
 * in place before any sample), and the runner that starts each in isolation: one that throws
 * is reported and never stops the others or reaches the page.
 */
import { longFramesCollector } from './long-frames';
import { memoryCollector } from './memory';
import { resourcesCollector } from './resources';
import { softNavigationsCollector } from './soft-navigations';
import type { Collector, CollectorContext } from './types';
import { vitalsCollector } from './vitals';

/** Every collector, in start order. */
export const COLLECTORS: readonly Collector[] = [
  softNavigationsCollector,
  vitalsCollector,
  longFramesCollector,
  resourcesCollector,
  memoryCollector,
];

/**
 * Starts each collector (all by default) with ctx, those marked atIdle when the page is idle;
 * report hears of each that could not start.
 */
export function startCollectors(
  ctx: CollectorContext,
  report: (id: string, error: unknown) => void,
  collectors: readonly Collector[] = COLLECTORS,
): void {
  const start = (collector: Collector) => {
    if (ctx.signal.aborted) return;
    try {
      collector.start(ctx);
    } catch (error) {
      report(collector.id, error);
    }
  };
  const later = collectors.filter((c) => c.atIdle);
  for (const collector of collectors) if (!collector.atIdle) start(collector);
  if (later.length === 0) return;
  const startLater = () => later.forEach(start);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(startLater, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(startLater, 0);
}

/** The longest an idle-started collector waits for idle time. */
const IDLE_TIMEOUT_MS = 1000;
