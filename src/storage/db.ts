import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AlertState } from '../core/alerts';
import type { AlertRecord, AutomaticActionRecord, MetricSample, RequestRecord, Session, View } from '../core/model';

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
export const DB_VERSION = 2;

export type Database = IDBPDatabase<AdminPerformanceDB>;

/** Opens the database; every store and index is created by `upgrade`. Each call is a new connection. */
export function openDatabase(name = DB_NAME, onBlocking?: () => void): Promise<Database> {
  return openDB<AdminPerformanceDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each step upgrades from one version to the next; a fresh database runs them all.
      if (oldVersion < 1) {
        const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
        sessions.createIndex('by-start', 'startTime');
        sessions.createIndex('by-tab', 'tabId');
        db.createObjectStore('views', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 'startTime']);
        db.createObjectStore('samples', { autoIncrement: true }).createIndex('by-session', ['sessionId', 't']);
        db.createObjectStore('requests', { autoIncrement: true }).createIndex('by-session', ['sessionId', 't']);
        db.createObjectStore('alerts', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
        db.createObjectStore('receipts').createIndex('by-session', 'sessionId');
      }
      if (oldVersion < 2) {
        db.createObjectStore('alert-state', { keyPath: 'id' });
        db.createObjectStore('actions', { keyPath: 'id' }).createIndex('by-session', ['sessionId', 't']);
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
