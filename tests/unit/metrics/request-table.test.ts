import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src/core/model';
import { ascendingOrder, columnOrders, createRequestTable, IncrementalUrlFilter, mergeAppended, sortColumnsOf, type NetworkFilter, type SortKey } from '../../../src/core/metrics/request-table';

const req = (url: string, t: number, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  kind: 'request', viewId: 'v', t, url, initiatorType: 'fetch', duration: 10, transferSize: 100, encodedBodySize: 90, decodedBodySize: 200,
  phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 5, download: 1 }, status: 200, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2', ...extra,
});

/** The plain way: positions sorted by a comparator, ties by their place in `tieOrder`. */
const comparatorOrder = (keys: readonly (number | string)[], tieOrder: readonly number[] | null) => {
  const place = new Map((tieOrder ?? keys.map((_, i) => i)).map((i, k) => [i, k]));
  return keys.map((_, i) => i).sort((i, j) => (keys[i]! < keys[j]! ? -1 : keys[i]! > keys[j]! ? 1 : 0) || place.get(i)! - place.get(j)!);
};

describe('ascendingOrder', () => {
  it('orders numbers as a comparator sort does, ties in position order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }), fc.constant(-0)), { maxLength: 300 }), (keys) => {
        expect([...ascendingOrder(keys)]).toEqual(comparatorOrder(keys, null));
      }),
    );
  });

  it('orders strings by code unit, ties in the order given', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'B', 'b', '/', 'é', '\u{1F600}') }), { minLength: 1, maxLength: 200 }), fc.integer(), (keys, seed) => {
        const tie = keys.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 97) - ((b * 7919 + seed) % 97) || a - b);
        expect([...ascendingOrder(keys, Uint32Array.from(tie))]).toEqual(comparatorOrder(keys, tie));
      }),
    );
  });

  it('gives an empty order for no keys', () => {
    expect(ascendingOrder([])).toHaveLength(0);
    expect(ascendingOrder(new Float64Array(0))).toHaveLength(0);
  });
});

/** n requests with every column varied and repeated (ties in every sort key). */
const mixedRequests = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    req(`https://app.test/${['api/Users', 'api/orders', 'img'][i % 3]}/${(i * 37) % 53}`, (i * 7919) % 97, {
      duration: (i * 13) % 11,
      transferSize: (i * 31) % 5,
      status: [200, 404, 0][i % 3]!,
      initiatorType: ['fetch', 'img', 'xmlhttprequest'][(i * 5) % 3]!,
      phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: (i * 3) % 7, download: 1 },
    }),
  );

const SORTS: readonly SortKey[] = ['start', 'name', 'type', 'status', 'duration', 'size', 'waiting'];

describe('columnOrders', () => {
  const rows = mixedRequests(400);

  it('computes, from the posted columns, the same order for every column as the table itself', () => {
    const own = createRequestTable(rows);
    const fromColumns = createRequestTable(rows);
    const seen: SortKey[] = [];
    // As the worker posts them: each order's buffer moves away once handed over.
    columnOrders(sortColumnsOf(rows), (sort, order) => {
      seen.push(sort);
      fromColumns.adopt(sort, order.slice());
      structuredClone(order, { transfer: [order.buffer] });
    });
    expect(seen.sort()).toEqual(['duration', 'name', 'size', 'start', 'status', 'type', 'waiting']);
    for (const sort of seen)
      for (const descending of [false, true]) {
        const filter = { text: '', type: '', sort, descending };
        expect(fromColumns.rows(filter)).toEqual(own.rows(filter));
      }
  });

  it('refuses an order of more rows than the table holds', () => {
    expect(() => createRequestTable(rows).adopt('size', new Uint32Array(401))).toThrow(/size order holds 401 rows, the table 400/);
  });

  it('keeps an order made for the rows it had before the array grew, with the appended rows merged in', () => {
    const live = rows.slice(0, 380);
    const table = createRequestTable(live);
    const columns = sortColumnsOf(live);
    live.push(...rows.slice(380));
    const fresh = createRequestTable(rows);
    columnOrders(columns, (sort, order) => expect(table.adopt(sort, order)).toBe(true));
    for (const sort of SORTS) expect(table.rows({ text: '', type: '', sort, descending: true })).toEqual(fresh.rows({ text: '', type: '', sort, descending: true }));
  });

  it('does not keep an order made for far fewer rows than it now holds, nor a second order of a column', () => {
    const live = rows.slice(0, 100);
    const table = createRequestTable(live);
    const columns = sortColumnsOf(live);
    live.push(...rows.slice(100));
    columnOrders(columns, (sort, order) => expect(table.adopt(sort, order)).toBe(false));
    expect(table.has('duration')).toBe(false);
    table.prepare('duration');
    expect(table.adopt('duration', new Uint32Array(400))).toBe(false);
  });
});

describe('IncrementalUrlFilter', () => {
  const urls = ['https://a.test/api/Users/1', 'https://a.test/api/users/22', 'https://a.test/api/orders/1', 'https://a.test/img/user.png', 'https://a.test/'];
  const types = ['fetch', 'img'];
  const rows = Array.from({ length: 60 }, (_, i) => req(urls[i % urls.length]!, i, { initiatorType: types[(i * 7) % 2]! }));
  const scan = (text: string, type: string) => rows.flatMap((r, i) => (r.url.toLowerCase().includes(text) && (!type || r.initiatorType === type) ? [i] : []));

  it('answers any sequence of queries as a full scan would', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6, unit: fc.constantFrom('u', 's', 'e', 'r', '/', '1', 'o') }), fc.constantFrom('', 'fetch', 'img')), { maxLength: 30 }), (queries) => {
        const filter = new IncrementalUrlFilter(rows, 4);
        for (const [text, type] of queries) expect([...filter.matches(text, type)]).toEqual(scan(text, type));
      }),
    );
  });

  it('scans only the previous matches when the query extends the previous one, and none when it returns to a kept one', () => {
    let reads = 0;
    const counted = rows.map((r) => {
      const copy = { ...r };
      Object.defineProperty(copy, 'initiatorType', { get: () => (reads++, r.initiatorType) });
      return copy;
    });
    const filter = new IncrementalUrlFilter(counted);
    expect(filter.matches('u', 'fetch').length).toBe(scan('u', 'fetch').length);
    expect(reads).toBe(rows.length);
    reads = 0;
    const users = filter.matches('users', 'fetch');
    expect([...users]).toEqual(scan('users', 'fetch'));
    expect(reads).toBe(scan('u', 'fetch').length);
    reads = 0;
    expect([...filter.matches('u', 'fetch')]).toEqual(scan('u', 'fetch'));
    expect(reads).toBe(0);
  });

  it('lowers URLs ahead of use in slices and says when all are done', () => {
    const filter = new IncrementalUrlFilter(rows);
    let slices = 0;
    while (filter.prepare(25)) slices++;
    expect(slices).toBe(2);
    expect([...filter.matches('users', '')]).toEqual(scan('users', ''));
  });
});

describe('createRequestTable views', () => {
  const rows = Array.from({ length: 300 }, (_, i) => req(`https://app.test/api/${['users', 'orders'][i % 2]}/${i % 17}`, (i * 13) % 50, { transferSize: i, initiatorType: i % 3 ? 'fetch' : 'img' }));

  it('reads the same rows and bytes as the rows it would copy, filtered or not', () => {
    const table = createRequestTable(rows);
    for (const text of ['', 'users', 'USERS/1', 'none'])
      for (const type of ['', 'img'])
        for (const descending of [false, true]) {
          const filter = { text, type, sort: 'start' as const, descending };
          const view = table.view(filter);
          const copied = table.rows(filter);
          expect(Array.from({ length: view.length }, (_, k) => view.at(k))).toEqual(copied);
          expect(view.transferBytes).toBe(copied.reduce((sum, r) => sum + r.transferSize, 0));
        }
  });
});

describe('mergeAppended', () => {
  it('gives the order a sort of all positions gives', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 120 }), fc.nat(), (keys, cut) => {
        const from = keys.length ? cut % (keys.length + 1) : 0;
        const compare = (i: number, j: number) => keys[i]! - keys[j]! || i - j;
        const head = Uint32Array.from(keys.slice(0, from).map((_, i) => i).sort(compare));
        expect([...mergeAppended(head, keys.length, compare)]).toEqual(keys.map((_, i) => i).sort(compare));
      }),
    );
  });
});

describe('a table whose array grows in place (a live session)', () => {
  const pool = mixedRequests(600);
  const filterArb = fc.record({ text: fc.constantFrom('', 'users', 'us', 'u', 'orders', 'img/1'), type: fc.constantFrom('', 'img', 'fetch'), sort: fc.constantFrom(...SORTS), descending: fc.boolean() });

  it('shows, after any appends between views, what a table made afresh on the same rows shows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), filterArb), { minLength: 1, maxLength: 12 }), (start, steps) => {
        const live = pool.slice(0, start);
        const table = createRequestTable(live);
        for (const [appended, filter] of steps) {
          live.push(...pool.slice(live.length, live.length + appended));
          const seen = table.view(filter as NetworkFilter);
          const fresh = createRequestTable(live.slice()).view(filter as NetworkFilter);
          expect(table.size).toBe(live.length);
          expect(seen.length).toBe(fresh.length);
          expect(seen.transferBytes).toBe(fresh.transferBytes);
          for (let k = 0; k < seen.length; k++) expect(seen.at(k)).toBe(fresh.at(k));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('merges a few appended rows into the orders it keeps instead of sorting again', () => {
    const live = pool.slice(0, 500);
    const table = createRequestTable(live);
    for (const sort of SORTS) table.prepare(sort);
    live.push(...pool.slice(500, 520));
    for (const sort of SORTS) expect(table.has(sort)).toBe(true);
    live.push(...pool.slice(520));
    // 80 more rows on 520 is more than a sixteenth: sorting again is cheaper than merging.
    for (const sort of SORTS) expect(table.has(sort)).toBe(false);
  });

  it('refuses an array that shrank', () => {
    const live = pool.slice(0, 10);
    const table = createRequestTable(live);
    live.length = 5;
    expect(() => table.view({ text: '', type: '', sort: 'start', descending: false })).toThrow(/shrank from 10 to 5 rows/);
  });
});
