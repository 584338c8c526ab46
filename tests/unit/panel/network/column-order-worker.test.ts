import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestRecord } from '../../../../src/core/model';
import { createRequestTable, sortColumnsOf, type SortKey } from '../../../../src/core/metrics/request-table';
import type { OrderWorkerReply, OrderWorkerRequest } from '../../../../src/panel/network/column-order-worker';

const req = (i: number): RequestRecord => ({
  kind: 'request', viewId: 'v', t: (i * 7919) % 97, url: `https://app.test/${['api/users', 'img'][i % 2]}/${(i * 37) % 53}`, initiatorType: ['fetch', 'img'][(i * 5) % 2]!,
  duration: (i * 13) % 11, transferSize: (i * 31) % 5, encodedBodySize: 0, decodedBodySize: 0,
  phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: (i * 3) % 7, download: 1 }, status: [200, 404][i % 2]!, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2',
});

/** Loads the worker script against a stand-in `self` that records what it posts. */
async function startWorker() {
  const posted: OrderWorkerReply[] = [];
  const scope = { onmessage: null as ((event: { data: OrderWorkerRequest }) => void) | null, closed: false, postMessage: (reply: OrderWorkerReply) => posted.push(reply), close: () => (scope.closed = true) };
  vi.stubGlobal('self', scope);
  vi.resetModules();
  await import('../../../../src/panel/network/column-order-worker');
  return { scope, posted, send: (request: OrderWorkerRequest) => scope.onmessage!({ data: request }) };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the column-order worker', () => {
  const rows = Array.from({ length: 200 }, (_, i) => req(i));

  it('posts the start order first, then one column per task, the string columns once their message came, a wanted column before the others, then closes', async () => {
    vi.useFakeTimers();
    const { scope, posted, send } = await startWorker();
    const { numbers, urls, types } = sortColumnsOf(rows);
    send({ numbers });
    expect(posted.map((p) => p.sort)).toEqual(['start']);
    vi.advanceTimersToNextTimer();
    expect(posted.map((p) => p.sort)).toEqual(['start', 'duration']);
    // Before the strings come, only numeric columns can be made, whatever is wanted.
    send({ first: 'name' });
    vi.runAllTimers();
    expect(posted.map((p) => p.sort)).toEqual(['start', 'duration', 'size', 'waiting', 'status']);
    expect(scope.closed).toBe(false);
    send({ urls, types });
    vi.advanceTimersToNextTimer();
    expect(posted.map((p) => p.sort)).toEqual(['start', 'duration', 'size', 'waiting', 'status', 'name']);
    vi.runAllTimers();
    expect(posted.map((p) => p.sort).sort()).toEqual(['duration', 'name', 'size', 'start', 'status', 'type', 'waiting']);
    expect(scope.closed).toBe(true);

    // Each order is the one the table makes itself.
    const own = createRequestTable(rows);
    const adopted = createRequestTable(rows);
    for (const { sort, order } of posted) expect(adopted.adopt(sort, order)).toBe(true);
    for (const { sort } of posted as { sort: SortKey }[]) expect(adopted.rows({ text: '', type: '', sort, descending: false })).toEqual(own.rows({ text: '', type: '', sort, descending: false }));
  });
});
