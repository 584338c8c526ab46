import { nowEpoch } from '../clock';
import type { Collector, CollectorContext } from './types';

interface ChromeMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
}

/** How often a memory sample is taken while the page is visible. */
const INTERVAL_MS = 1000;

/** JS heap (where performance.memory exists) and DOM node count, about once a second while visible. */
export const memoryCollector: Collector = { id: 'memory', atIdle: true, start: startMemory };

function startMemory({ views, push, signal }: CollectorContext): void {
  const all = document.getElementsByTagName('*');
  const sample = () => {
    if (document.visibilityState !== 'visible') return;
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
  const timer = setInterval(sample, INTERVAL_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
}
