import type { FrameScript } from '../../core/model';
import { toEpoch } from '../clock';
import type { Collector, CollectorContext } from './types';

interface ScriptTimingLike {
  startTime?: number;
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

/** Each script of a frame, read once: what is sent, and when it ran (for INP attribution). */
function scriptsOf(entry: LoafLike): (FrameScript & { startTime: number })[] {
  return (entry.scripts ?? []).slice(0, 64).map((s) => ({
    startTime: s.startTime ?? 0,
    sourceURL: (s.sourceURL ?? '').slice(0, 8192),
    invoker: (s.invoker ?? '').slice(0, 2048),
    invokerType: (s.invokerType ?? '').slice(0, 64),
    duration: Math.max(0, s.duration),
    forcedStyleAndLayoutDuration: Math.max(0, s.forcedStyleAndLayoutDuration ?? 0),
  }));
}

/** How many of the latest long animation frames are kept in the context for the vitals collector's INP attribution. */
const RECENT_FRAMES = 24;

/** Long animation frames with their scripts; long tasks where LoAF is not supported. */
export const longFramesCollector: Collector = { id: 'long-frames', atIdle: true, start: startLongFrames };

function startLongFrames({ views, push, signal, frames }: CollectorContext): void {
  const useLoaf = supports('long-animation-frame');
  const type = useLoaf ? 'long-animation-frame' : 'longtask';
  if (!supports(type)) return;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LoafLike[]) {
      const relative = (t: number | undefined) => (t && t > 0 ? t - entry.startTime : null);
      const scripts = scriptsOf(entry);
      if (useLoaf) {
        frames.push({ startTime: entry.startTime, duration: entry.duration, styleAndLayoutStart: entry.styleAndLayoutStart ?? 0, scripts });
        if (frames.length > RECENT_FRAMES) frames.shift();
      }
      push({
        kind: 'loaf',
        t: toEpoch(entry.startTime),
        viewId: views.viewAt(entry.startTime),
        source: useLoaf ? 'long-animation-frame' : 'longtask',
        duration: entry.duration,
        blockingDuration: entry.blockingDuration ?? Math.max(0, entry.duration - 50),
        renderStart: relative(entry.renderStart),
        styleAndLayoutStart: relative(entry.styleAndLayoutStart),
        scripts: scripts.map(({ startTime: _, ...script }) => script),
      });
    }
  });
  observer.observe({ type, buffered: true });
  signal.addEventListener('abort', () => observer.disconnect());
}
