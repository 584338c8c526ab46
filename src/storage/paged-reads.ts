/**
 * Paged reads of one stored session: the big tables are read with cursors in pages, each page in
 * its own short transaction. An IndexedDB transaction closes as soon as its task yields to the
 * event loop, and a reader (an export) yields to paint its progress or build a file far more
 * often than that allows. Used by the panel, which reads the database directly (same origin as
 * the service worker), so an export never copies a whole session through a message port.
 */
import { unwrap } from 'idb';
import type { AlertRecord, MetricSample, RequestRecord, View } from '../core/model';
import type { SessionExportInput } from '../core/sessions/index';
import { sessionRange, type Database } from './db';
import { sessionGone } from './session-store';

/** The tables that grow with a session: read page by page. */
export type RecordTable = 'samples' | 'requests' | 'alerts';
interface TableRecord {
  samples: MetricSample;
  requests: RequestRecord;
  alerts: AlertRecord;
}

/** Records per transaction: ~1 MB of requests, a few ms of work, then the UI gets a turn. */
export const PAGE_SIZE = 1000;

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

/** Lets the page paint between two pages (after the page's transaction is done). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Where a read stopped: the last record's index key and primary key. */
interface Position {
  key: IDBValidKey;
  primaryKey: IDBValidKey;
}

/**
 * The records of one session in one table, in the order of its [sessionId, t] index. Each
 * page resumes after the last record of the previous one (index key and primary key), so a
 * record is read once even when many share a timestamp, and records the recorder adds while
 * this runs are read too if they come later in the index.
 */
export async function* readRecords<T extends RecordTable>(
  db: Database,
  table: T,
  sessionId: string,
  options: ReadOptions = {},
): AsyncGenerator<TableRecord[T]> {
  const pageSize = Math.max(1, options.pageSize ?? PAGE_SIZE);
  const raw = unwrap(db);
  let last: Position | null = null;
  for (;;) {
    throwIfAborted(options.signal);
    const page: { records: TableRecord[T][]; last: Position | null } = await readPage<TableRecord[T]>(raw, table, sessionId, last, pageSize);
    last = page.last;
    if (page.records.length) options.onRead?.(page.records.length);
    yield* page.records;
    if (page.records.length < pageSize) return;
    await nextTask();
  }
}

/**
 * One page in one transaction, with the plain cursor API: a promise per record (idb's
 * wrapper) cost more than reading the record itself on a session of 100,000 samples.
 */
function readPage<R>(raw: IDBDatabase, table: RecordTable, sessionId: string, after: Position | null, pageSize: number): Promise<{ records: R[]; last: Position | null }> {
  return new Promise((resolve, reject) => {
    const tx = raw.transaction(table, 'readonly');
    const request = tx.objectStore(table).index('by-session').openCursor(sessionRange(sessionId));
    const records: R[] = [];
    let last = after;
    // Until the cursor is past `after`, it is moved there (at most two steps).
    let positioned = after === null;
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      if (!positioned && after) {
        const order = compareKeys(cursor.key, cursor.primaryKey, after.key, after.primaryKey);
        if (order < 0) return cursor.continuePrimaryKey(after.key, after.primaryKey);
        // On the last record read (it is still there): step past it.
        if (order === 0) return cursor.continue();
        positioned = true;
      }
      records.push(withoutSessionId(cursor.value as R & { sessionId?: string }));
      last = { key: cursor.key, primaryKey: cursor.primaryKey };
      if (records.length < pageSize) cursor.continue();
    };
    tx.oncomplete = () => resolve({ records, last });
    tx.onerror = () => reject(tx.error ?? request.error);
    tx.onabort = () => reject(tx.error ?? new Error(`Reading ${table} was aborted.`));
  });
}

function compareKeys(key: IDBValidKey, primaryKey: IDBValidKey, otherKey: IDBValidKey, otherPrimaryKey: IDBValidKey): number {
  return indexedDB.cmp(key, otherKey) || indexedDB.cmp(primaryKey, otherPrimaryKey);
}

/** A stored session as exporter input: the session and its views now, the big tables as cursors. */
export async function readExportInput(
  db: Database,
  sessionId: string,
  options: ReadOptions = {},
): Promise<SessionExportInput & { total: number }> {
  const tx = db.transaction(['sessions', 'views'], 'readonly');
  const [session, views] = await Promise.all([
    tx.objectStore('sessions').get(sessionId),
    tx.objectStore('views').index('by-session').getAll(sessionRange(sessionId)),
    tx.done,
  ]);
  if (!session) throw sessionGone(sessionId);
  return {
    session,
    views: views.map((view): View => ({ ...view })),
    samples: readRecords(db, 'samples', sessionId, options),
    requests: readRecords(db, 'requests', sessionId, options),
    alerts: readRecords(db, 'alerts', sessionId, options),
    total: session.counts.samples + session.counts.requests + session.counts.alerts,
  };
}
