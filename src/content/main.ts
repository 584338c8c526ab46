/**
 * The capture content script (isolated world, document_start). One collector per metric
 * source feeds a bounded delivery queue; the transport sends batches to the background.
 * Nothing here may break the page: each collector starts isolated, errors are contained.
 */
import { DeliveryQueue } from '../core/capture/delivery';
import type { CaptureItem } from '../shared/protocol';
import { readBrowserSupport } from './browser-support';
import { startCollectors } from './collectors/registry';
import { MethodHints } from './method-hints';
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

  startCollectors({ views, push, methods, signal: controller.signal }, (id, error) =>
    console.debug(`[Admin Performance] the ${id} collector could not start:`, error),
  );

  const transport = new CaptureTransport({
    pageId,
    queue,
    intervalMs: 250,
    takeRejected: () => bridge.takeRejected(),
  });
  transport.start();
}

if (window.top === window && !window.__adminPerformanceCapture) {
  window.__adminPerformanceCapture = true;
  startCapture();
}
