/**
 * One RequestTable per requests array the panel shows (the store's arrays grow in place while a
 * session is live), kept across renders and across visits to the Network view, with its column
 * orders computed ahead in a worker as soon as the data is there. A live session's appended rows
 * are merged into those orders by the table; a worker runs again only when orders are missing
 * (none made yet, or the table dropped them: more than a sixteenth as many rows came at once).
 */
import { createRequestTable, sortColumnsOf, type RequestTable, type SortKey } from '../../core/metrics/request-table';
import type { RequestRecord } from '../../core/model';
import type { CaptureStore } from '../capture/store';
import type { OrderWorkerReply, OrderWorkerRequest } from './column-order-worker';

/** Below this many requests, sorting and lower-casing on demand take no noticeable time: nothing is prepared ahead. */
const PREPARE_AHEAD_FROM = 5_000;

const SORT_KEYS: readonly SortKey[] = ['start', 'name', 'type', 'status', 'duration', 'size', 'waiting'];

/** A shown array's table and the worker filling its orders. */
export interface PreparedTable {
  readonly table: RequestTable;
  /** Whether the column's order is on its way from a worker (a click then waits for it instead of sorting on the main thread). */
  pending(sort: SortKey): boolean;
  /** Asks the worker for this column's order before the others. */
  wantFirst(sort: SortKey): void;
  /** Calls back whenever an order arrives; returns what stops it. */
  onOrder(listener: () => void): () => void;
}

interface Entry extends PreparedTable {
  worker: Worker | null;
  /** Columns the running worker has not delivered yet. */
  awaited: Set<SortKey>;
  listeners: Set<() => void>;
  /** Lower-casing the URLs at idle is scheduled. */
  filterPrepared: boolean;
}

const tables = new WeakMap<readonly RequestRecord[], Entry>();
/** At most one worker at a time: the one of the array shown last. */
let working: Entry | null = null;

function stopWorker(entry: Entry): void {
  entry.worker?.terminate();
  entry.worker = null;
  entry.awaited.clear();
  if (working === entry) working = null;
}

function startWorker(entry: Entry, requests: readonly RequestRecord[]): void {
  if (working && working !== entry) stopWorker(working);
  const worker = new Worker(new URL('./column-order-worker.ts', import.meta.url), { type: 'module', name: 'network-orders' });
  entry.worker = worker;
  working = entry;
  for (const sort of SORT_KEYS) if (!entry.table.has(sort)) entry.awaited.add(sort);
  worker.onmessage = (event: MessageEvent<OrderWorkerReply>) => {
    const { sort, order } = event.data;
    entry.awaited.delete(sort);
    entry.table.adopt(sort, order);
    if (!entry.awaited.size) stopWorker(entry);
    for (const listener of entry.listeners) listener();
  };
  // A worker that fails leaves the orders to the main thread, as before it started.
  worker.onerror = (event) => {
    event.preventDefault();
    stopWorker(entry);
    for (const listener of entry.listeners) listener();
  };
  const { numbers, urls, types } = sortColumnsOf(requests, entry.table.size);
  worker.postMessage({ numbers } satisfies OrderWorkerRequest, Object.values(numbers).map((column) => column.buffer));
  // The strings are copied one by one: in a task of their own, after the worker has the numbers to start on.
  setTimeout(() => entry.worker === worker && worker.postMessage({ urls, types } satisfies OrderWorkerRequest));
}

/** Lower-cases the filter's URLs at idle, a slice at a time, before the first keystroke needs them. */
function prepareFilterAtIdle(entry: Entry): void {
  if (entry.filterPrepared) return;
  entry.filterPrepared = true;
  // With a timeout: a page that is never idle (busy, or in the background) still gets a slice every half second.
  requestIdleCallback(function next(deadline) {
    do if (!entry.table.prepareFilter(2_000)) return void (entry.filterPrepared = false);
    while (deadline.timeRemaining() > 1);
    requestIdleCallback(next, { timeout: 500 });
  }, { timeout: 500 });
}

/** The table of `requests` (the same one for the same array), its orders and filter prepared ahead from PREPARE_AHEAD_FROM rows. */
export function preparedTableOf(requests: readonly RequestRecord[]): PreparedTable {
  let entry = tables.get(requests);
  if (!entry || entry.table.size > requests.length) {
    const created: Entry = {
      table: createRequestTable(requests),
      worker: null,
      awaited: new Set(),
      listeners: new Set(),
      filterPrepared: false,
      pending: (sort) => created.awaited.has(sort) && !created.table.has(sort),
      wantFirst: (sort) => created.worker?.postMessage({ first: sort } satisfies OrderWorkerRequest),
      onOrder(listener) {
        created.listeners.add(listener);
        return () => created.listeners.delete(listener);
      },
    };
    entry = created;
    tables.set(requests, entry);
  }
  if (requests.length >= PREPARE_AHEAD_FROM && typeof Worker !== 'undefined') {
    if (!entry.worker && SORT_KEYS.some((sort) => !entry.table.has(sort))) startWorker(entry, requests);
    prepareFilterAtIdle(entry);
  }
  return entry;
}

/**
 * Prepares the shown requests' table as data arrives, whichever view is open, so the Network
 * view's first sort finds its orders made: at once for a newly shown array (a session opened, a
 * page's first data), at idle (within a second) as a live session's array grows.
 */
export function prepareShownRequests(store: CaptureStore): () => void {
  let shown: readonly RequestRecord[] | null = null;
  let idle = 0;
  let soon: ReturnType<typeof setTimeout> | null = null;
  const check = () => {
    idle = 0;
    soon = null;
    const { requests } = store.getState();
    if (requests.length >= PREPARE_AHEAD_FROM) preparedTableOf(requests);
  };
  const changed = () => {
    const { requests } = store.getState();
    if (requests !== shown) {
      shown = requests;
      soon ??= setTimeout(check);
    } else if (!idle && !soon) idle = requestIdleCallback(check, { timeout: 1000 });
  };
  changed();
  const unsubscribe = store.subscribe(changed);
  return () => {
    unsubscribe();
    if (idle) cancelIdleCallback(idle);
    if (soon) clearTimeout(soon);
  };
}
