/** Computes the Network table's column orders off the panel's main thread (see columnOrders). */
import { columnOrders, type SortColumns } from '../../core/metrics/request-table';

self.onmessage = (event: MessageEvent<SortColumns>) => {
  columnOrders(event.data, (sort, order) => (self as unknown as Worker).postMessage({ sort, order }, [order.buffer]));
  self.close();
};
