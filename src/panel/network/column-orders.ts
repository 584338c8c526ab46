/**
 * Fills a RequestTable's column orders from a worker, so that the first click on a header finds
 * its order ready instead of sorting 100,000 rows on the panel's main thread. Until an order
 * arrives the table computes it itself when asked; the worker's copy is then ignored.
 */
import { sortColumnsOf, type RequestTable, type SortKey } from '../../core/metrics/request-table';
import type { RequestRecord } from '../../core/model';

/** Below this many requests, sorting and lower-casing on demand take no noticeable time: nothing is prepared ahead. */
export const PREPARE_AHEAD_FROM = 5_000;

/** Starts computing the orders at the next idle period (within half a second); returns what stops it. */
export function fillOrdersInWorker(table: RequestTable, requests: readonly RequestRecord[]): () => void {
  if (requests.length < PREPARE_AHEAD_FROM || typeof Worker === 'undefined') return () => {};
  let worker: Worker | null = null;
  const idle = requestIdleCallback(() => {
    worker = new Worker(new URL('./column-order-worker.ts', import.meta.url), { type: 'module', name: 'network-orders' });
    worker.onmessage = (event: MessageEvent<{ sort: SortKey; order: Uint32Array }>) => table.adopt(event.data.sort, event.data.order);
    // A worker that fails leaves the orders to the main thread, as before it started.
    worker.onerror = (event) => {
      event.preventDefault();
      worker?.terminate();
    };
    worker.postMessage(sortColumnsOf(requests));
  }, { timeout: 500 });
  return () => {
    cancelIdleCallback(idle);
    worker?.terminate();
  };
}
