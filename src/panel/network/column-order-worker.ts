/**
 * Computes the Network table's column orders off the panel's main thread, one column per task so
 * that a request for a column (the user clicked its header) is taken before the others. The
 * numbers come first (their buffers moved, no copy) and the numeric columns start at once; the
 * URLs and types, which are copied string by string, come in a message of their own.
 */
import { ascendingOrder, columnOrder, TIED_COLUMNS, type SortColumns, type SortKey } from '../../core/metrics/request-table';

/** What the panel posts: the numeric columns, then the string ones, and at any time a column it wants next. */
export type OrderWorkerRequest = { numbers: SortColumns['numbers'] } | Pick<SortColumns, 'urls' | 'types'> | { first: SortKey };
/** What the worker posts back, a column at a time (start first), then it closes. */
export interface OrderWorkerReply {
  sort: SortKey;
  order: Uint32Array;
}

const post = (reply: OrderWorkerReply) => (self as unknown as Worker).postMessage(reply, [reply.order.buffer]);
const NEEDS_STRINGS = new Set<SortKey>(['name', 'type']);
let numbers: SortColumns['numbers'] | null = null;
let strings: Pick<SortColumns, 'urls' | 'types'> | null = null;
let byStart: Uint32Array | null = null;
let scheduled = false;
const queue: Exclude<SortKey, 'start'>[] = [...TIED_COLUMNS];

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(next);
}

function next(): void {
  scheduled = false;
  if (!queue.length) return self.close();
  const at = queue.findIndex((sort) => strings || !NEEDS_STRINGS.has(sort));
  // The rest need the strings: their message schedules the next task.
  if (at < 0) return;
  const [sort] = queue.splice(at, 1);
  post({ sort: sort!, order: columnOrder({ numbers: numbers!, urls: strings?.urls ?? [], types: strings?.types ?? [] }, sort!, byStart!) });
  schedule();
}

self.onmessage = (event: MessageEvent<OrderWorkerRequest>) => {
  const request = event.data;
  if ('numbers' in request) {
    numbers = request.numbers;
    byStart = ascendingOrder(numbers.start);
    // A copy: every other column's ties still need the start order here.
    post({ sort: 'start', order: byStart.slice() });
  } else if ('urls' in request) {
    strings = request;
    if (!byStart) return;
  } else {
    const at = queue.indexOf(request.first as Exclude<SortKey, 'start'>);
    if (at > 0) queue.unshift(...queue.splice(at, 1));
    return;
  }
  schedule();
};
