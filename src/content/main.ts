/**
 * The capture content script (isolated world, document_start). One collector per metric
 * source feeds a bounded delivery queue; the transport sends batches to the background.
 * Nothing here may break the page: each collector starts isolated, errors are contained.
 */
import { DeliveryQueue } from '../core/capture/delivery';
import type { CaptureItem } from '../shared/protocol';
import { readBrowserSupport } from './browser-support';
import { startLongFrameCollector } from './collectors/long-frames';
import { startMemoryCollector } from './collectors/memory';
import { MethodHints, startResourceCollector } from './collectors/resources';
import { startSoftNavigationCollector } from './collectors/soft-navigations';
import { startVitalsCollector } from './collectors/vitals';
import { PageOptimizer } from './optimizer';
import { PageBridge } from './page-bridge';
import { CaptureTransport } from './transport';
import { ViewTracker } from './views';

declare global {
  interface Window {
    __adminPerformanceCapture?: boolean;
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function navigationType(): string {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return nav?.type ?? 'navigate';
}

function startCapture(): void {
  // Optimizations first: their observers must see the page's first inserted images.
  const optimizer = new PageOptimizer();
  optimizer.start().catch((error: unknown) => console.debug('[Admin Performance] optimizer settings unavailable:', error));

  const pageId = randomId();
  const queue = new DeliveryQueue<CaptureItem>();
  const push = (item: CaptureItem) => queue.push(item);
  const controller = new AbortController();
  const views = new ViewTracker(pageId, (view) => {
    push(view);
    if (view.viewKind === 'soft') queueMicrotask(() => optimizer.sync(view.url));
  });
  views.startHard(navigationType(), readBrowserSupport());

  const methods = new MethodHints();
  const bridge = new PageBridge((hint) => methods.add(hint.url, hint.method), controller.signal);

  const collectors: [string, () => void][] = [
    ['soft-navigations', () => startSoftNavigationCollector(views, controller.signal)],
    ['vitals', () => startVitalsCollector(views, push)],
    ['long-frames', () => void startLongFrameCollector(views, push)],
    ['resources', () => void startResourceCollector(views, methods, push)],
    ['memory', () => void startMemoryCollector(views, push)],
  ];
  for (const [name, start] of collectors) {
    try {
      start();
    } catch (error) {
      console.debug(`[Admin Performance] the ${name} collector could not start:`, error);
    }
  }

  const transport = new CaptureTransport({
    pageId,
    queue,
    intervalMs: 250,
    takeRejected: () => bridge.takeRejected(),
    onMessage: () => {},
  });
  transport.start();
}

if (window.top === window && !window.__adminPerformanceCapture) {
  window.__adminPerformanceCapture = true;
  startCapture();
}
