/**
 * Paged reads of one stored session: the big tables are read in pages of bulk reads (getAll over
 * a key range, not a cursor), each page in its own short transaction. An IndexedDB transaction closes as soon as its task yields to the
 * event loop, and a reader (an export) yields to paint its progress or build a file far more
 * often than that allows. Used by the panel, which reads the database directly (same origin as
 * the service worker), so an export never copies a whole session through a message port.
 */
import { unwrap } from 'idb';
import type { AlertRecord, MetricSample, RequestRecord, View } from '../core/model';
import type { SessionExportInput } from '../core/sessions/index';
import { sessionRange, type Database } from './db';
import { CHUNK_RECORDS, CHUNK_STORES, ChunkMerger, type RecordChunk } from './record-chunks';
import { sessionGone } from './session-store';

/** The tables that grow with a session: read page by page. */
export type RecordTable = 'samples' | 'requests' | 'alerts';
interface TableRecord {
  samples: MetricSample;
  requests: RequestRecord;
  alerts: AlertRecord;
}

/**
 * Records per transaction. Each page is two bulk reads (getAll and getAllKeys over the same key
 * range), so a page costs one structured clone instead of a success event per record, then the
 * UI gets a turn. Samples and requests are stored in chunks (src/storage/record-chunks.ts): a
 * page of them is as many whole chunks as hold about this many records. Measured on an hour
 * (bench:panel, same-run A/B): 10,000 made the trace and JSON exports about a quarter faster than
 * 5,000, with the same heap peak; 20,000 no faster, with longer frames; 1,000 much slower.
 */
export const PAGE_SIZE = 10_000;

export interface ReadOptions {
  pageSize?: number;
  /** Told how many records each page held, as it is read. */
  onRead?: (records: number) => void;
  /** Stops reading (the generator throws an AbortError). */
  signal?: AbortSignal;
}

const withoutSessionId = <T>(stored: T & { sessionId?: string }): T => {
  const { sessionId: _sessionId, ...record } = stored;
  return record as T;
};

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The export was cancelled.', 'AbortError');
}

/**
 * Lets the page paint between two pages. A message, not setTimeout(0): nested timeouts are
 * clamped to 4 ms, and with the next page already read a reader chains them.
 */
const nextTurn = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/**
 * Where a read stopped: the last record's time (its index key is [sessionId, t]), its primary
 * key, and how many records at that time have been read (they come first in the next range).
 */
interface Position {
  t: number;
  primaryKey: IDBValidKey;
  readAtT: number;
}

/**
 * The records of one session in one table, in the order of its [sessionId, t] index. Each
 * page resumes after the last record of the previous one (time and primary key), so a record
 * is read once even when many share a timestamp, and records the recorder adds while this runs
 * are read too if they come later in the index.
 */
export async function* readRecords<T extends RecordTable>(
  db: Database,
  table: T,
  sessionId: string,
  options: ReadOptions = {},
): AsyncGenerator<TableRecord[T]> {
  const pageSize = Math.max(1, options.pageSize ?? PAGE_SIZE);
  const raw = unwrap(db);
  if (table === 'alerts') {
    let last: Position | null = null;
    for (;;) {
      throwIfAborted(options.signal);
      const page: { records: TableRecord[T][]; last: Position | null; complete: boolean } = await readPage<TableRecord[T]>(raw, 'alerts', sessionId, last, pageSize, withoutSessionId);
      last = page.last;
      if (page.records.length) options.onRead?.(page.records.length);
      yield* page.records;
      if (page.complete) return;
      await nextTurn();
    }
  }
  yield* readChunked(raw, table as 'samples' | 'requests', sessionId, pageSize, options) as AsyncGenerator<TableRecord[T]>;
}

async function* readChunked<R extends { t: number }>(raw: IDBDatabase, table: 'samples' | 'requests', sessionId: string, pageSize: number, options: ReadOptions): AsyncGenerator<R> {
  const merger = new ChunkMerger<R>();
  // Records per chunk, as last read: how many chunks make a page of about `pageSize` records.
  let recordsPerChunk = CHUNK_RECORDS;
  const request = (after: Position | null, readAhead: boolean) => {
    const page = readPage<RecordChunk<R>>(raw, CHUNK_STORES[table], sessionId, after, Math.max(1, Math.floor(pageSize / recordsPerChunk)), (chunk) => chunk).then((read) => ({ ...read, readAhead }));
    // Awaited on the next turn; until then a failure must not count as unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next = request(null, false);
  // The last chunk read and how many records it held: the recorder appends to it while it has room.
  let latest: { key: IDBValidKey; records: R[] } | null = null;
  for (;;) {
    throwIfAborted(options.signal);
    const page = await next;
    let count = 0;
    for (const chunk of page.records) count += chunk.records.length;
    if (page.records.length) {
      recordsPerChunk = Math.max(1, Math.round(count / page.records.length));
      latest = { key: page.last!.primaryKey, records: page.records[page.records.length - 1]!.records };
    }
    if (page.complete && !page.records.length) {
      // The end is an empty page asked for after the last records were written out, so chunks
      // the recorder added meanwhile are read too; a page read ahead was asked for before.
      if (!page.readAhead) break;
      next = request(page.last, false);
      continue;
    }
    // The next page is read while this one is written out (the read waits on the database, not on this thread).
    next = request(page.last, true);
    if (page.records.length) options.onRead?.(count);
    yield* merger.push(page.records);
    await nextTurn();
  }
  // What the recorder appended to the last chunk after it was read.
  const appended = latest ? appendedSince(latest.records, ((await readByKey<RecordChunk<R>>(raw, CHUNK_STORES[table], latest.key))?.records ?? []) as R[]) : [];
  if (appended.length) {
    options.onRead?.(appended.length);
    yield* merger.push([{ sessionId, t: appended[0]!.t, last: appended[appended.length - 1]!.t, records: appended }]);
  }
  yield* merger.end();
}

/**
 * The records of `now` (a chunk as stored now) that `before` (the same chunk as read earlier)
 * lacked. Appending merges a batch into the chunk by time and keeps the records there in order,
 * so `before` is a subsequence of `now`; records changed in place since (DevTools' late details)
 * break that, and then only what lies past the old length counts as new.
 */
export function appendedSince<R>(before: readonly R[], now: readonly R[]): R[] {
  if (now.length <= before.length) return [];
  const added: R[] = [];
  let matched = 0;
  for (const record of now) {
    if (matched < before.length && sameRecord(record, before[matched]!)) matched++;
    else added.push(record);
  }
  return matched === before.length ? added : now.slice(before.length);
}

const sameRecord = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function readByKey<R>(raw: IDBDatabase, table: (typeof CHUNK_STORES)[keyof typeof CHUNK_STORES], key: IDBValidKey): Promise<R | undefined> {
  return new Promise((resolve, reject) => {
    const tx = raw.transaction(table, 'readonly');
    const read = tx.objectStore(table).get(key);
    tx.oncomplete = () => resolve(read.result as R | undefined);
    tx.onerror = () => reject(tx.error ?? read.error);
    tx.onabort = () => reject(tx.error ?? new Error(`Reading ${table} was aborted.`));
  });
}

/**
 * One page in one transaction: the values and their primary keys over the same range of the
 * index, in the same order. The range starts at the last time read; the records at that time
 * already read (primary key up to the last one) are asked for on top of the page and skipped.
 */
function readPage<R extends { t: number }>(
  raw: IDBDatabase,
  table: 'alerts' | (typeof CHUNK_STORES)[keyof typeof CHUNK_STORES],
  sessionId: string,
  after: Position | null,
  pageSize: number,
  shape: (stored: R & { sessionId?: string }) => R,
): Promise<{ records: R[]; last: Position | null; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const tx = raw.transaction(table, 'readonly');
    const index = tx.objectStore(table).index('by-session');
    const range = after ? IDBKeyRange.bound([sessionId, after.t], [sessionId, Infinity]) : sessionRange(sessionId);
    const asked = pageSize + (after?.readAtT ?? 0);
    const values = index.getAll(range, asked);
    const keys = index.getAllKeys(range, asked);
    tx.oncomplete = () => {
      const stored = values.result as (R & { sessionId?: string })[];
      const primaryKeys = keys.result;
      const records: R[] = [];
      let last = after;
      for (let i = 0; i < stored.length; i++) {
        const value = stored[i]!;
        const primaryKey = primaryKeys[i]!;
        if (after && value.t === after.t && indexedDB.cmp(primaryKey, after.primaryKey) <= 0) continue;
        records.push(shape(value));
        last = { t: value.t, primaryKey, readAtT: last && last.t === value.t ? last.readAtT + 1 : 1 };
      }
      resolve({ records, last, complete: stored.length < asked });
    };
    tx.onerror = () => reject(tx.error ?? values.error ?? keys.error);
    tx.onabort = () => reject(tx.error ?? new Error(`Reading ${table} was aborted.`));
  });
}

/** A stored session as exporter input: the session and its views now, the big tables as cursors. */
export async function readExportInput(
  db: Database,
  sessionId: string,
  options: ReadOptions = {},
): Promise<SessionExportInput & { total: number }> {
  const tx = db.transaction(['sessions', 'views', 'actions'], 'readonly');
  // Automatic actions are few (one per alert at most): read whole, like the views.
  const [session, views, actions] = await Promise.all([
    tx.objectStore('sessions').get(sessionId),
    tx.objectStore('views').index('by-session').getAll(sessionRange(sessionId)),
    tx.objectStore('actions').index('by-session').getAll(sessionRange(sessionId)),
    tx.done,
  ]);
  if (!session) throw sessionGone(sessionId);
  return {
    session,
    views: views.map((view): View => ({ ...view })),
    samples: readRecords(db, 'samples', sessionId, options),
    requests: readRecords(db, 'requests', sessionId, options),
    alerts: readRecords(db, 'alerts', sessionId, options),
    actions: actions.map(({ sessionId: _sessionId, ...action }) => action),
    total: session.counts.samples + session.counts.requests + session.counts.alerts,
  };
}
