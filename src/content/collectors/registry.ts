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

/** Starts each collector (all by default) with ctx; report hears of each that could not start. */
export function startCollectors(
  ctx: CollectorContext,
  report: (id: string, error: unknown) => void,
  collectors: readonly Collector[] = COLLECTORS,
): void {
  for (const collector of collectors) {
    try {
      collector.start(ctx);
    } catch (error) {
      report(collector.id, error);
    }
  }
}
