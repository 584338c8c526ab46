/**
 * The capture content script (isolated world, document_start). One collector per metric
 * source feeds a bounded delivery queue; the transport sends batches to the background. The
 * optimizer is a separate script (optimizer-main.ts), injected only where a strategy is on.
 * Nothing here may break the page: each collector starts isolated, errors are contained.
 */
import { DEFAULT_DELIVERY, DeliveryQueue } from '../core/capture/delivery';
import { captureItemBytes } from '../core/capture/item-size';
import { COLLECT_FACTS } from '../shared/page-protocol';
import type { CaptureItem } from '../shared/protocol';
import { readBrowserSupport } from './browser-support';
import { startCollectors } from './collectors/registry';
import { extensionApi } from './extension-api';
import { MethodHints } from './method-hints';
import { optimizerSeam } from './optimizer-seam';
import { PageBridge } from './page-bridge';
import { pageFacts } from './page-facts';
import { CaptureTransport } from './transport';
import { ViewTracker } from './views';

declare global {
  interface Window {
    __adminPerformanceCapture?: boolean;
  }
}

/**
 * How long a queued item waits for others before its batch is sent. While a panel or DevTools
 * watches the tab: at most one message per 400 ms, and the metric still reaches the panel well
 * within a second. While no one watches: one per 2 s (every message costs the page a post and
 * an ack); a page that is hidden or unloaded sends at once, so nothing waits to be lost.
 */
const LIVE_GATHER_MS = 400;
const QUIET_GATHER_MS = 2000;

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function navigationType(): string {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return nav?.type ?? 'navigate';
}

function startCapture(): void {
  // The private channel to the page-world script first: it must be handed over before any page script runs.
  const controller = new AbortController();
  const methods = new MethodHints();
  const bridge = new PageBridge((hint) => methods.add(hint.url, hint.method), controller.signal);
  // The optimizer's plan is computed from these facts, also before any strategy is on.
  extensionApi()?.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    if ((msg as { type?: string } | null)?.type !== COLLECT_FACTS) return undefined;
    sendResponse(pageFacts());
    return undefined;
  });

  const pageId = randomId();
  const queue = new DeliveryQueue<CaptureItem>({ ...DEFAULT_DELIVERY, sizeOf: captureItemBytes });
  // Assigned below: the first view, pushed before it exists, is sent when it connects.
  let transport: CaptureTransport | null = null;
  // Until the background answers, items are kept (it drops them if capture is not allowed);
  // while it says no ("capture only while DevTools is open", none open), nothing is kept.
  let collecting: boolean | null = null;
  let skipped = false;
  const push = (item: CaptureItem) => {
    if (collecting === false) {
      skipped = true;
      return;
    }
    queue.push(item);
    transport?.queued();
  };
  const captureChanged = (on: boolean) => {
    const resumed = on && collecting === false && skipped;
    collecting = on;
    // DevTools opened mid-view: capture starts from now on, under the view that is current.
    if (resumed) views.announceCurrent();
    skipped = false;
  };
  const views = new ViewTracker(pageId, (view) => {
    push(view);
    if (view.viewKind === 'soft') queueMicrotask(() => optimizerSeam()?.sync(view.url));
  });
  views.startHard(navigationType(), readBrowserSupport());

  transport = new CaptureTransport({
    pageId,
    queue,
    liveGatherMs: LIVE_GATHER_MS,
    quietGatherMs: QUIET_GATHER_MS,
    takeRejected: () => bridge.takeRejected(),
    onCaptureChange: captureChanged,
  });
  transport.start();

  startCollectors({ views, push, methods, signal: controller.signal, frames: [] }, (id, error) =>
    console.debug(`[Admin Performance] the ${id} collector could not start:`, error),
  );
}

if (window.top === window && !window.__adminPerformanceCapture) {
  window.__adminPerformanceCapture = true;
  startCapture();
}
