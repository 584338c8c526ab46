import { requestFromResourceTiming, type ResourceTimingLike } from '../../core/capture/resource-timing';
import type { Collector, CollectorContext } from './types';

/**
 * Every request from Resource Timing, buffered and live, plus the navigation request itself.
 * The resource timing buffer is raised and cleared when full, so nothing is dropped.
 */
export const resourcesCollector: Collector = { id: 'resources', start: startResources };

function startResources({ views, methods, push, signal }: CollectorContext): void {
  try {
    performance.setResourceTimingBufferSize(100_000);
  } catch {
    /* not supported: the observer below still sees every entry */
  }
  const onFull = () => performance.clearResourceTimings();
  performance.addEventListener('resourcetimingbufferfull', onFull, { signal });

  const record = (entry: ResourceTimingLike) => {
    const method = entry.initiatorType === 'fetch' || entry.initiatorType === 'xmlhttprequest' ? methods.take(entry.name) : undefined;
    push(requestFromResourceTiming(entry, performance.timeOrigin, views.viewAt(entry.startTime), method ?? (entry.initiatorType === 'navigation' ? 'GET' : undefined)));
  };

  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record(entry as unknown as ResourceTimingLike);
  });
  observer.observe({ type: 'resource', buffered: true });

  // The document request: reported once its response has ended.
  let navigationDone = false;
  const navObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceNavigationTiming[]) {
      if (navigationDone || entry.responseEnd <= 0) continue;
      navigationDone = true;
      record(entry as unknown as ResourceTimingLike);
    }
  });
  navObserver.observe({ type: 'navigation', buffered: true });

  signal.addEventListener('abort', () => {
    observer.disconnect();
    navObserver.disconnect();
  });
}
