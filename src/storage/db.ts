import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AlertRecord, MetricSample, RequestRecord, Session, View } from '../core/model';

export type Stored<T> = T & { sessionId: string };

/** The one typed schema of the extension's IndexedDB. Migrations go through `upgrade`. */
export interface AdminPerformanceDB extends DBSchema {
  sessions: { key: string; value: Session; indexes: { 'by-start': number; 'by-tab': number } };
  views: { key: string; value: View; indexes: { 'by-session': [string, number] } };
  samples: { key: number; value: Stored<MetricSample>; indexes: { 'by-session': [string, number] } };
  requests: { key: number; value: Stored<RequestRecord>; indexes: { 'by-session': [string, number] } };
  alerts: { key: string; value: Stored<AlertRecord>; indexes: { 'by-session': [string, number] } };
  /** One row per committed batch (`pageId:seq`), so a resent batch is recognised and dropped. */
  receipts: { key: string; value: { sessionId: string; at: number }; indexes: { 'by-session': string } };
}

export const DB_NAME = 'admin-performance';
export const DB_VERSION = 1;

export type Database = IDBPDatabase<AdminPerformanceDB>;

/** Opens the database; every store and index is created by `upgrade`. Each call is a new connection. */
export function openDatabase(name = DB_NAME, onBlocking?: () => void): Promise<Database> {
  return openDB<AdminPerformanceDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      switch (oldVersion) {
        case 0: {
          const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
          sessions.createIndex('by-start', 'startTime');
          sessions.createIndex('by-tab', 'tabId');
          db.createObjectStore('views', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 'startTime']);
          db.createObjectStore('samples', { autoIncrement: true }).createIndex('by-session', ['sessionId', 't']);
          db.createObjectStore('requests', { autoIncrement: true }).createIndex('by-session', ['sessionId', 't']);
          db.createObjectStore('alerts', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
          db.createObjectStore('receipts').createIndex('by-session', 'sessionId');
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
