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

const opening = new Map<string, Promise<Database>>();

/** Opens (once per name) the database; every store and index is created by `upgrade`. */
export function openDatabase(name = DB_NAME): Promise<Database> {
  const existing = opening.get(name);
  if (existing) return existing;
  const db = openDB<AdminPerformanceDB>(name, DB_VERSION, {
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
    blocking() {
      opening.delete(name);
    },
  });
  opening.set(name, db);
  return db;
}

/** Every key range of one session in a [sessionId, time] index. */
export const sessionRange = (sessionId: string): IDBKeyRange =>
  IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
