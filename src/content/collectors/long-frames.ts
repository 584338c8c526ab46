import type { FrameScript } from '../../core/model';
import { toEpoch } from '../clock';
import { whenIdle } from '../idle';
import type { Collector, CollectorContext } from './types';

interface ScriptTimingLike {
  sourceURL?: string;
  invoker?: string;
  invokerType?: string;
  duration: number;
  forcedStyleAndLayoutDuration?: number;
}
interface LoafLike extends PerformanceEntry {
  blockingDuration?: number;
  renderStart?: number;
  styleAndLayoutStart?: number;
  scripts?: readonly ScriptTimingLike[];
}

const supports = (type: string) => PerformanceObserver.supportedEntryTypes?.includes(type) ?? false;

function scriptsOf(entry: LoafLike): FrameScript[] {
  return (entry.scripts ?? []).slice(0, 64).map((s) => ({
    sourceURL: (s.sourceURL ?? '').slice(0, 8192),
    invoker: (s.invoker ?? '').slice(0, 2048),
    invokerType: (s.invokerType ?? '').slice(0, 64),
    duration: Math.max(0, s.duration),
    forcedStyleAndLayoutDuration: Math.max(0, s.forcedStyleAndLayoutDuration ?? 0),
  }));
}

/** How long raw entries wait for idle time before they become items (the batch waits 400 ms more). */
const SUMMARISE_WITHIN_MS = 300;

/**
 * Long animation frames with their scripts; long tasks where LoAF is not supported. On a busy
 * page nearly every frame is long: the observer only keeps the raw entries, and they become
 * items together when the page is idle (or hidden), off the frames being measured.
 */
export const longFramesCollector: Collector = { id: 'long-frames', atIdle: true, start: startLongFrames };

function startLongFrames({ views, push, signal }: CollectorContext): void {
  const useLoaf = supports('long-animation-frame');
  const type = useLoaf ? 'long-animation-frame' : 'longtask';
  if (!supports(type)) return;
  const source = useLoaf ? 'long-animation-frame' : 'longtask';
  let raw: LoafLike[] = [];
  let scheduled = false;
  const summarise = () => {
    scheduled = false;
    const entries = raw;
    raw = [];
    for (const entry of entries) {
      const start = entry.startTime;
      push({
        kind: 'loaf',
        t: toEpoch(start),
        viewId: views.viewAt(start),
        source,
        duration: entry.duration,
        blockingDuration: entry.blockingDuration ?? Math.max(0, entry.duration - 50),
        renderStart: entry.renderStart && entry.renderStart > 0 ? entry.renderStart - start : null,
        styleAndLayoutStart: entry.styleAndLayoutStart && entry.styleAndLayoutStart > 0 ? entry.styleAndLayoutStart - start : null,
        scripts: scriptsOf(entry),
      });
    }
  };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) raw.push(entry as LoafLike);
    if (scheduled) return;
    scheduled = true;
    whenIdle(summarise, SUMMARISE_WITHIN_MS);
  });
  observer.observe({ type, buffered: true });
  // Capture phase: before the transport's own pagehide flush, so these go with it.
  addEventListener('pagehide', summarise, { capture: true, signal });
  signal.addEventListener('abort', () => observer.disconnect());
}
