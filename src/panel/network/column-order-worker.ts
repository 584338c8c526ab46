/**
 * Computes the Network table's column orders off the panel's main thread, one column per task so
 * that a request for a column (the user clicked its header) is taken before the others.
 */
import { ascendingOrder, columnOrder, TIED_COLUMNS, type SortColumns, type SortKey } from '../../core/metrics/request-table';

/** What the panel posts: the columns once, then at any time a column it wants next. */
export type OrderWorkerRequest = { columns: SortColumns } | { first: SortKey };
/** What the worker posts back, a column at a time (start first), then it closes. */
export interface OrderWorkerReply {
  sort: SortKey;
  order: Uint32Array;
}

const post = (reply: OrderWorkerReply) => (self as unknown as Worker).postMessage(reply, [reply.order.buffer]);
let columns: SortColumns | null = null;
let byStart: Uint32Array | null = null;
const queue: Exclude<SortKey, 'start'>[] = [...TIED_COLUMNS];

function next(): void {
  const sort = queue.shift();
  if (!sort) return self.close();
  post({ sort, order: columnOrder(columns!, sort, byStart!) });
  setTimeout(next);
}

self.onmessage = (event: MessageEvent<OrderWorkerRequest>) => {
  const request = event.data;
  if ('columns' in request) {
    columns = request.columns;
    byStart = ascendingOrder(columns.numbers.start);
    // A copy: every other column's ties still need the start order here.
    post({ sort: 'start', order: byStart.slice() });
    setTimeout(next);
    return;
  }
  const at = queue.indexOf(request.first as Exclude<SortKey, 'start'>);
  if (at > 0) queue.unshift(...queue.splice(at, 1));
};
