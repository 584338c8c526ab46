import type { MemorySample } from '../../core/model';
import { nowEpoch } from '../clock';
import type { ViewTracker } from '../views';

interface ChromeMemory {
  usedJSHeapSize: number;
  totalJSHeapSize: number;
}

/** JS heap (where performance.memory exists) and DOM node count, about once a second while visible. */
export function startMemoryCollector(views: ViewTracker, push: (s: MemorySample) => void, intervalMs = 1000): () => void {
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
  const timer = setInterval(sample, intervalMs);
  return () => clearInterval(timer);
}
