/**
 * How an import reaches IndexedDB: its records in batches, each one transaction, and the
 * session row last, with the final batch. Lists, retention and every view start from the
 * `sessions` store, so until that row exists the import is invisible; a failed or cancelled
 * import is removed by `discardImport`. An import whose page closed half-way (its worker gone
 * with it) can remove nothing: `sweepOrphanedImports` removes such leftovers later, telling
 * them from an import still running by the Web Lock each import holds. This is the one place
 * imports write.
 */
import type { ImportRecords } from '../core/sessions/index';
import type { Session } from '../core/model';
import type { Database } from './db';
import { chunksOf } from './record-chunks';
import { SessionStore } from './session-store';

/** Writes one batch of an import's records; with `session`, also the session row (the last batch). */
export async function writeImportBatch(db: Database, sessionId: string, records: ImportRecords, session?: Session): Promise<void> {
  const tx = db.transaction(['sessions', 'views', 'sample-chunks', 'request-chunks', 'alerts'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const view of records.views) writes.push(tx.objectStore('views').put({ ...view, sessionId }));
  // A batch's records as chunks of their own: batches of a file overlap in time at most at their
  // edges, and readers merge overlapping chunks.
  for (const chunk of chunksOf(sessionId, records.samples)) writes.push(tx.objectStore('sample-chunks').add(chunk));
  for (const chunk of chunksOf(sessionId, records.requests)) writes.push(tx.objectStore('request-chunks').add(chunk));
  for (const a of records.alerts) writes.push(tx.objectStore('alerts').put({ ...a, sessionId }));
  if (session) writes.push(tx.objectStore('sessions').put(session));
  await Promise.all([...writes, tx.done]);
}

/** Removes everything an unfinished import wrote (and its session row, if it got that far). */
export function discardImport(db: Database, sessionId: string): Promise<void> {
  return new SessionStore(db).deleteSession(sessionId);
}

/** The Web Lock an import holds while it writes (locks are per origin: every panel and worker sees it). */
export const importLockName = (sessionId: string): string => `admin-performance-import:${sessionId}`;

/** The parts of the Web Locks API used here (navigator.locks in pages and workers). */
export interface ImportLocks {
  request<T>(name: string, run: () => Promise<T>): Promise<T>;
  query(): Promise<{ held?: { name?: string }[]; pending?: { name?: string }[] }>;
}

const browserLocks = (): ImportLocks | null => (globalThis.navigator as { locks?: ImportLocks } | undefined)?.locks ?? null;

/** Runs an import holding its lock (released when it ends, or when its worker or page goes). */
export function holdingImportLock<T>(sessionId: string, run: () => Promise<T>, locks: ImportLocks | null = browserLocks()): Promise<T> {
  return locks ? locks.request(importLockName(sessionId), run) : run();
}

/** The stores an import writes records to, each with a by-session index on [sessionId, …]. */
const RECORD_STORES = ['views', 'sample-chunks', 'request-chunks', 'alerts'] as const;

/**
 * Removes the records of imports that never finished: records whose session has no row and
 * whose import holds no lock. A recording session has its row before its first record, so
 * only an import leaves records without one. Without the Web Locks API a running import cannot
 * be told apart, and nothing is removed. Returns the session ids removed.
 */
export async function sweepOrphanedImports(db: Database, locks: ImportLocks | null = browserLocks()): Promise<string[]> {
  if (!locks) return [];
  const tx = db.transaction(['sessions', ...RECORD_STORES], 'readonly');
  const rows = new Set(await tx.objectStore('sessions').getAllKeys());
  const orphans = new Set<string>();
  for (const name of RECORD_STORES) {
    // One step per session: from a session's first key straight past its last ([id, []] sorts after every [id, time]).
    let cursor = await tx.objectStore(name).index('by-session').openKeyCursor();
    while (cursor) {
      const sessionId = (cursor.key as [string, unknown])[0];
      if (!rows.has(sessionId)) orphans.add(sessionId);
      cursor = await cursor.continue([sessionId, []] as unknown as [string, number]);
    }
  }
  await tx.done;
  if (!orphans.size) return [];
  const state = await locks.query();
  const running = new Set([...(state.held ?? []), ...(state.pending ?? [])].map((lock) => lock.name));
  const removed: string[] = [];
  for (const id of orphans) {
    if (running.has(importLockName(id))) continue;
    // Records are written only under the lock: an import not holding it now has died, or has
    // finished since the scan, and then its row is there.
    if ((await db.getKey('sessions', id)) !== undefined) continue;
    await discardImport(db, id);
    removed.push(id);
  }
  return removed;
}
