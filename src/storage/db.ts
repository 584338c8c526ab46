import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { AlertState } from '../core/alerts';
import type { AlertRecord, AutomaticActionRecord, MetricSample, RequestRecord, Session, View } from '../core/model';
import { CHUNK_RECORDS, chunkOf, type ChunkTable, type RecordChunk } from './record-chunks';

export type Stored<T> = T & { sessionId: string };

/** The one typed schema of the extension's IndexedDB. Migrations go through `upgrade`. */
export interface AdminPerformanceDB extends DBSchema {
  sessions: { key: string; value: Session; indexes: { 'by-start': number; 'by-tab': number } };
  views: { key: string; value: View; indexes: { 'by-session': [string, number] } };
  /** Samples in time-sorted chunks (src/storage/record-chunks.ts); by-end indexes each chunk's last time. */
  'sample-chunks': { key: number; value: RecordChunk<MetricSample>; indexes: { 'by-session': [string, number]; 'by-end': [string, number] } };
  /** Requests in time-sorted chunks, like the samples. */
  'request-chunks': { key: number; value: RecordChunk<RequestRecord>; indexes: { 'by-session': [string, number]; 'by-end': [string, number] } };
  alerts: { key: string; value: Stored<AlertRecord>; indexes: { 'by-session': [string, number] } };
  /** One row per committed batch (`pageId:seq`), so a resent batch is recognised and dropped. */
  receipts: { key: string; value: { sessionId: string; at: number }; indexes: { 'by-session': string } };
  /** The alert engine's state (one row, id "engine"), committed with the alerts it produced. */
  'alert-state': { key: string; value: StoredAlertEngine };
  /** Automatic actions taken when an alert fired, with the session of that alert. */
  actions: { key: string; value: Stored<AutomaticActionRecord>; indexes: { 'by-session': [string, number] } };
}

/** What the alert engine carries between evaluations. */
export interface StoredAlertEngine {
  id: 'engine';
  state: AlertState;
  /** View ids already judged, per session (so an evaluation with nothing new is skipped cheaply). */
  evaluated: Record<string, string[]>;
  /** The budgets' revision the open alerts were last judged with. */
  budgetsRevision: number;
}

export const DB_NAME = 'admin-performance';
export const DB_VERSION = 3;

export type Database = IDBPDatabase<AdminPerformanceDB>;

/** Opens the database; every store and index is created by `upgrade`. Each call is a new connection. */
export function openDatabase(name = DB_NAME, onBlocking?: () => void): Promise<Database> {
  return openDB<AdminPerformanceDB>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      // Each step upgrades from one version to the next; a fresh database runs them all.
      if (oldVersion < 1) {
        const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
        sessions.createIndex('by-start', 'startTime');
        sessions.createIndex('by-tab', 'tabId');
        db.createObjectStore('views', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 'startTime']);
        db.createObjectStore('alerts', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
        db.createObjectStore('receipts').createIndex('by-session', 'sessionId');
      }
      if (oldVersion < 2) {
        db.createObjectStore('alert-state', { keyPath: 'id' });
        db.createObjectStore('actions', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
      }
      if (oldVersion < 3) {
        for (const table of ['samples', 'requests'] as const) {
          const store = db.createObjectStore(`${table === 'samples' ? 'sample' : 'request'}-chunks`, { autoIncrement: true });
          store.createIndex('by-session', ['sessionId', 't']);
          store.createIndex('by-end', ['sessionId', 'last']);
        }
        // Version 1 and 2 kept one IndexedDB record per sample and request: move them into chunks.
        if (oldVersion >= 1) {
          await moveIntoChunks(transaction as unknown as IDBPTransaction<unknown, string[], 'versionchange'>, 'samples');
          await moveIntoChunks(transaction as unknown as IDBPTransaction<unknown, string[], 'versionchange'>, 'requests');
        }
      }
    },
    blocking(_current, _next, event) {
      // A newer version wants to upgrade: let it, and let the holder open afresh next time.
      (event.target as IDBDatabase).close();
      onBlocking?.();
    },
  });
}

/**
 * Version 2 to 3: the records of one old per-record store (read in session and time order) become
 * chunks of CHUNK_RECORDS, and the old store goes. All in the upgrade's transaction: a failure
 * leaves version 2 as it was.
 */
async function moveIntoChunks(tx: IDBPTransaction<unknown, string[], 'versionchange'>, table: ChunkTable): Promise<void> {
  const chunks = tx.objectStore(table === 'samples' ? 'sample-chunks' : 'request-chunks');
  let sessionId: string | null = null;
  let records: { t: number }[] = [];
  const flush = async () => {
    if (sessionId !== null && records.length) await chunks.add(chunkOf(sessionId, records));
    records = [];
  };
  let cursor = await tx.objectStore(table).index('by-session').openCursor();
  while (cursor) {
    const { sessionId: owner, ...record } = cursor.value as { sessionId: string; t: number };
    if (owner !== sessionId || records.length >= CHUNK_RECORDS) {
      await flush();
      sessionId = owner;
    }
    records.push(record);
    cursor = await cursor.continue();
  }
  await flush();
  tx.db.deleteObjectStore(table);
}

/**
 * One connection, opened on first use and reopened after a newer version closed it: what a
 * page that reads the database many times (the panel) holds instead of opening per action.
 */
export function databaseHandle(name = DB_NAME): () => Promise<Database> {
  let connection: Promise<Database> | null = null;
  return () => (connection ??= openDatabase(name, () => (connection = null)));
}

/** Every key range of one session in a [sessionId, time] index. */
export const sessionRange = (sessionId: string): IDBKeyRange =>
  IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
