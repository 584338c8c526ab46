import { nowEpoch } from '../clock';
import { whenIdle } from '../idle';
import type { Collector, CollectorContext } from './types';

interface ChromeMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
}

/** How often a memory sample is taken while the page is visible. */
const INTERVAL_MS = 1000;

/**
 * JS heap (where performance.memory exists) and DOM node count, about once a second while
 * visible: no timer runs while the page is hidden, and each sample waits for idle time so it
 * never lengthens one of the page's tasks.
 */
export const memoryCollector: Collector = { id: 'memory', atIdle: true, start: startMemory };

function startMemory({ views, push, signal }: CollectorContext): void {
  const all = document.getElementsByTagName('*');
  const sample = () => {
    if (signal.aborted || document.visibilityState !== 'visible') return;
    const memory = (performance as Performance & { memory?: ChromeMemory }).memory;
    push({
      kind: 'memory',
      t: nowEpoch(),
      viewId: views.current(),
      heapUsed: memory ? memory.usedJSHeapSize : null,
      heapTotal: memory ? memory.totalJSHeapSize : null,
      domNodes: all.length,
    });
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  const follow = () => {
    const visible = document.visibilityState === 'visible' && !signal.aborted;
    if (visible && !timer) timer = setInterval(() => whenIdle(sample, INTERVAL_MS), INTERVAL_MS);
    if (!visible && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  follow();
  document.addEventListener('visibilitychange', follow, { signal });
  signal.addEventListener('abort', follow);
}
