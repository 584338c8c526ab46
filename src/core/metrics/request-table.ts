import type { RequestRecord } from '../model';
import { requestName } from './summary';

export type SortKey = 'start' | 'name' | 'type' | 'status' | 'duration' | 'size' | 'waiting';

/** What the Network table shows: a URL substring, an initiator type ('' for all), a column and direction. */
export interface NetworkFilter {
  text: string;
  type: string;
  sort: SortKey;
  descending: boolean;
}

const keyOf: Record<SortKey, (r: RequestRecord) => number | string> = {
  start: (r) => r.t,
  name: (r) => requestName(r.url),
  type: (r) => r.initiatorType,
  status: (r) => r.status,
  duration: (r) => r.duration,
  size: (r) => r.transferSize,
  waiting: (r) => r.phases.waiting,
};

/**
 * The positions 0..n-1 ordered by `keys` ascending (numbers, or strings by code unit as `<`
 * compares them); ties keep their order in `tieOrder` (identity when null). No comparator runs
 * per pair: the distinct keys are sorted natively, each position gets its key's rank, and a
 * stable counting sort by rank walks `tieOrder` — at 100,000 rows several times faster than
 * `Array.prototype.sort` with a comparator.
 */
export function ascendingOrder(keys: ArrayLike<number> | readonly string[], tieOrder: Uint32Array | null = null): Uint32Array {
  const n = keys.length;
  const ranks = new Uint32Array(n);
  let distinct: number;
  if (n > 0 && typeof keys[0] === 'string') {
    const rankOf = new Map<string, number>();
    for (const key of keys as readonly string[]) rankOf.set(key, 0);
    const sorted = [...rankOf.keys()].sort();
    sorted.forEach((key, rank) => rankOf.set(key, rank));
    for (let i = 0; i < n; i++) ranks[i] = rankOf.get((keys as readonly string[])[i]!)!;
    distinct = sorted.length;
  } else {
    const sorted = Float64Array.from(keys as ArrayLike<number>).sort();
    // Distinct values in place (0 and -0 are one key, as `<` sees them).
    let m = 0;
    for (let i = 0; i < n; i++) if (m === 0 || sorted[i]! !== sorted[m - 1]!) sorted[m++] = sorted[i]!;
    for (let i = 0; i < n; i++) {
      const key = (keys as ArrayLike<number>)[i]!;
      let low = 0;
      let high = m - 1;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (sorted[mid]! < key) low = mid + 1;
        else high = mid;
      }
      ranks[i] = low;
    }
    distinct = m;
  }
  const start = new Uint32Array(distinct + 1);
  for (let i = 0; i < n; i++) start[ranks[i]! + 1]!++;
  for (let r = 1; r <= distinct; r++) start[r]! += start[r - 1]!;
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = tieOrder ? tieOrder[k]! : k;
    order[start[ranks[i]!]!++] = i;
  }
  return order;
}

/** A set of requests' sort keys as plain columns, cheap to post to a worker (numbers in typed arrays). */
export interface SortColumns {
  urls: string[];
  types: string[];
  numbers: Record<Exclude<SortKey, 'name' | 'type'>, Float64Array>;
}

/** The sort keys of the first `length` requests (all by default). */
export function sortColumnsOf(requests: readonly RequestRecord[], length = requests.length): SortColumns {
  // One plain loop: Float64Array.from with a mapping function is several times slower at 100,000 rows.
  const numbers = { start: new Float64Array(length), status: new Float64Array(length), duration: new Float64Array(length), size: new Float64Array(length), waiting: new Float64Array(length) };
  const urls = new Array<string>(length);
  const types = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    const r = requests[i]!;
    numbers.start[i] = r.t;
    numbers.status[i] = r.status;
    numbers.duration[i] = r.duration;
    numbers.size[i] = r.transferSize;
    numbers.waiting[i] = r.phases.waiting;
    urls[i] = r.url;
    types[i] = r.initiatorType;
  }
  return { urls, types, numbers };
}

/** The columns other than start, in the order a worker computes them unless asked for one first (name, which parses URLs, last). */
export const TIED_COLUMNS: readonly Exclude<SortKey, 'start'>[] = ['duration', 'size', 'waiting', 'status', 'type', 'name'];

/** One column's ascending order from posted columns; `byStart` is the start order (ascendingOrder of the start column), which breaks its ties. */
export function columnOrder(columns: SortColumns, sort: Exclude<SortKey, 'start'>, byStart: Uint32Array): Uint32Array {
  if (sort === 'type') return ascendingOrder(columns.types, byStart);
  if (sort === 'name') return ascendingOrder(columns.urls.map(requestName), byStart);
  return ascendingOrder(columns.numbers[sort], byStart);
}

/**
 * Every column's ascending order (as createRequestTable orders them); `onOrder` gets each as it is
 * done and may take it over (transfer its buffer): the start order, which breaks the others' ties,
 * comes last.
 */
export function columnOrders(columns: SortColumns, onOrder: (sort: SortKey, order: Uint32Array) => void): void {
  const byStart = ascendingOrder(columns.numbers.start);
  for (const sort of TIED_COLUMNS) onOrder(sort, columnOrder(columns, sort, byStart));
  onOrder('start', byStart);
}

/** `<` as a comparison (0 for keys neither below the other). */
const compareKeys = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `order` (an ascending order of positions 0..order.length-1) with the positions order.length..
 * to-1 merged in where `compare` puts them: the new positions are sorted among themselves, then
 * each is placed by binary search and the old order copied in blocks, so a few appended rows cost
 * a copy of the order and a few comparisons per new row.
 */
export function mergeAppended(order: Uint32Array, to: number, compare: (i: number, j: number) => number): Uint32Array {
  const from = order.length;
  const added = Array.from({ length: to - from }, (_, k) => from + k).sort(compare);
  const out = new Uint32Array(to);
  let copied = 0;
  let written = 0;
  for (const i of added) {
    // The first old position that sorts after i (compare breaks ties by position, so old ones go first).
    let low = copied;
    let high = from;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(order[mid]!, i) < 0) low = mid + 1;
      else high = mid;
    }
    out.set(order.subarray(copied, low), written);
    written += low - copied;
    copied = low;
    out[written++] = i;
  }
  out.set(order.subarray(copied), written);
  return out;
}

/**
 * A URL filter that narrows its previous results: the requests matching a query are a subset of
 * those matching any query it contains (same or no type), so a keystroke that extends the query
 * scans only the last matches, and one that takes a character back finds its answer kept.
 * It covers the first `size` requests; `grow` takes in rows appended since (kept results are
 * extended by scanning only those). Results are positions in ascending order.
 */
export class IncrementalUrlFilter {
  private readonly lowerUrls: string[] = [];
  /** Recent results, newest last. */
  private kept: { text: string; type: string; matches: Uint32Array }[] = [];

  constructor(
    private readonly requests: readonly RequestRecord[],
    private readonly keep = 16,
    private size = requests.length,
  ) {}

  /** Lower-cases up to `count` more URLs; false once all are. */
  prepare(count: number): boolean {
    const urls = this.lowerUrls;
    const end = Math.min(this.size, urls.length + count);
    for (let i = urls.length; i < end; i++) urls.push(this.requests[i]!.url.toLowerCase());
    return urls.length < this.size;
  }

  /** Takes in the requests up to `size` (rows appended to the array since); kept results scan only those. */
  grow(size: number): void {
    const from = this.size;
    if (size <= from) return;
    this.size = size;
    if (this.kept.some((k) => k.text)) this.prepare(Infinity);
    this.kept = this.kept.map((k) => {
      const added: number[] = [];
      for (let i = from; i < size; i++) if (this.accepts(i, k.text, k.type)) added.push(i);
      if (!added.length) return k;
      const matches = new Uint32Array(k.matches.length + added.length);
      matches.set(k.matches);
      matches.set(added, k.matches.length);
      return { ...k, matches };
    });
  }

  private accepts(i: number, text: string, type: string): boolean {
    return (!type || this.requests[i]!.initiatorType === type) && (!text || this.lowerUrls[i]!.includes(text));
  }

  /** Positions of the requests whose lower-cased URL holds `text` (already trimmed and lower-cased) and whose type is `type` ('' for any). */
  matches(text: string, type: string): Uint32Array {
    const exact = this.kept.find((k) => k.text === text && k.type === type);
    if (exact) return exact.matches;
    // The smallest kept result this query narrows.
    let base: Uint32Array | null = null;
    for (const k of this.kept) if (text.includes(k.text) && (k.type === '' || k.type === type) && (!base || k.matches.length < base.length)) base = k.matches;
    const requests = this.requests;
    if (text) this.prepare(Infinity);
    const urls = this.lowerUrls;
    const n = base ? base.length : this.size;
    const out = new Uint32Array(n);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = base ? base[k]! : k;
      if (type && requests[i]!.initiatorType !== type) continue;
      if (text && !urls[i]!.includes(text)) continue;
      out[m++] = i;
    }
    const matches = out.slice(0, m);
    this.kept.push({ text, type, matches });
    if (this.kept.length > this.keep) this.kept.shift();
    return matches;
  }
}

/** The rows a filter leaves, in the table's order, read by row index without copying requests. */
export interface RequestRows {
  readonly length: number;
  /** Bytes transferred by all the rows. */
  readonly transferBytes: number;
  /** The request shown at row `k` (0 ≤ k < length). */
  at(k: number): RequestRecord;
}

/**
 * The Network table's rows of one set of requests: each column's ascending order is computed once
 * and kept (see ascendingOrder); an unfiltered sort is then no work at all (the kept order read
 * forwards or backwards), and a filter is one pass over a kept order. Ties sort by start time, then
 * by position; descending is the exact reverse of ascending.
 * The array may grow in place (a live session): the table takes in the appended rows on its next
 * call, merging them into the kept orders (see mergeAppended) while they are few next to the rows
 * it holds; past that it drops those orders, to be computed again.
 */
export interface RequestTable {
  /** The rows it holds: its array's length when it last looked. */
  readonly size: number;
  view(filter: NetworkFilter): RequestRows;
  rows(filter: NetworkFilter): RequestRecord[];
  /** Computes the column's order now if it is not yet kept. */
  prepare(sort: SortKey): void;
  /** Whether the column's order is kept (a sort by it is then no work). */
  has(sort: SortKey): boolean;
  /**
   * Keeps an order computed elsewhere (a worker running columnOrders on sortColumnsOf the first
   * `order.length` of these requests); rows appended since are merged in. False if it was not
   * kept: one is kept already, or too many rows came since.
   */
  adopt(sort: SortKey, order: Uint32Array): boolean;
  /** Lower-cases up to `count` more URLs for the filter ahead of its first use; false once all are. */
  prepareFilter(count: number): boolean;
}

/** Appended rows are merged into a kept order while they are at most this share of the rows it orders; more, and a fresh order is cheaper. */
const MERGE_AT_MOST = 1 / 16;

export function createRequestTable(requests: readonly RequestRecord[]): RequestTable {
  const orders = new Map<SortKey, Uint32Array>();
  let size = requests.length;
  const urlFilter = new IncrementalUrlFilter(requests, 16, size);
  let allBytes = 0;
  for (const r of requests) allBytes += r.transferSize;
  // Total orders as ascendingOrder makes them: key, then start time, then position.
  const compareBy = (sort: SortKey) => {
    const key = keyOf[sort];
    return sort === 'start'
      ? (i: number, j: number) => compareKeys(requests[i]!.t, requests[j]!.t) || i - j
      : (i: number, j: number) => compareKeys(key(requests[i]!), key(requests[j]!)) || compareKeys(requests[i]!.t, requests[j]!.t) || i - j;
  };
  /** The order extended to `size` rows, or null when too many rows came since it was made. */
  const extended = (sort: SortKey, order: Uint32Array): Uint32Array | null => {
    if (order.length === size) return order;
    if (size - order.length > order.length * MERGE_AT_MOST) return null;
    return mergeAppended(order, size, compareBy(sort));
  };
  const follow = () => {
    const now = requests.length;
    if (now === size) return;
    if (now < size) throw new Error(`The requests array shrank from ${size} to ${now} rows; a table only follows one that grows.`);
    for (let i = size; i < now; i++) allBytes += requests[i]!.transferSize;
    size = now;
    for (const [sort, order] of orders) {
      const next = extended(sort, order);
      if (next) orders.set(sort, next);
      else orders.delete(sort);
    }
    urlFilter.grow(size);
  };
  const ascending = (sort: SortKey): Uint32Array => {
    let order = orders.get(sort);
    if (order) return order;
    const keys = requests.map(keyOf[sort]) as number[] | string[];
    order = sort === 'start' ? ascendingOrder(keys) : ascendingOrder(keys, ascending('start'));
    orders.set(sort, order);
    return order;
  };
  const view = (filter: NetworkFilter): RequestRows => {
    follow();
    const text = filter.text.trim().toLowerCase();
    const order = ascending(filter.sort);
    const n = order.length;
    const last = n - 1;
    if (!text && !filter.type) {
      const bytes = allBytes;
      return filter.descending
        ? { length: n, transferBytes: bytes, at: (k) => requests[order[last - k]!]! }
        : { length: n, transferBytes: bytes, at: (k) => requests[order[k]!]! };
    }
    const matches = urlFilter.matches(text, filter.type);
    const kept = new Uint8Array(n);
    for (let k = 0; k < matches.length; k++) kept[matches[k]!] = 1;
    const shown = new Uint32Array(matches.length);
    let m = 0;
    let bytes = 0;
    for (let k = 0; k < n && m < shown.length; k++) {
      const i = order[filter.descending ? last - k : k]!;
      if (kept[i]) {
        shown[m++] = i;
        bytes += requests[i]!.transferSize;
      }
    }
    return { length: m, transferBytes: bytes, at: (k) => requests[shown[k]!]! };
  };
  return {
    get size() {
      return size;
    },
    view,
    rows(filter) {
      const rows = view(filter);
      return Array.from({ length: rows.length }, (_, k) => rows.at(k));
    },
    prepare(sort) {
      follow();
      ascending(sort);
    },
    has(sort) {
      follow();
      return orders.has(sort);
    },
    adopt(sort, order) {
      follow();
      if (order.length > size) throw new Error(`The ${sort} order holds ${order.length} rows, the table ${size}.`);
      if (orders.has(sort)) return false;
      const next = extended(sort, order);
      if (next) orders.set(sort, next);
      return next !== null;
    },
    prepareFilter(count) {
      follow();
      return urlFilter.prepare(count);
    },
  };
}

/** Filters (substring of the URL, initiator type) and sorts requests for the Network table, once. */
export function filterRequests(requests: readonly RequestRecord[], filter: NetworkFilter): RequestRecord[] {
  return createRequestTable(requests).rows(filter);
}
