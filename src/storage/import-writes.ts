/**
 * How an import reaches IndexedDB: its records in batches, each one transaction, and the
 * session row last, with the final batch. Lists, retention and every view start from the
 * `sessions` store, so until that row exists the import is invisible; a failed or cancelled
 * import is removed by `discardImport`. This is the one place imports write.
 */
import type { ImportRecords } from '../core/sessions/index';
import type { MetricSample, Session } from '../core/model';
import type { Database, Stored } from './db';
import { SessionStore } from './session-store';

/** Writes one batch of an import's records; with `session`, also the session row (the last batch). */
export async function writeImportBatch(db: Database, sessionId: string, records: ImportRecords, session?: Session): Promise<void> {
  const tx = db.transaction(['sessions', 'views', 'samples', 'requests', 'alerts'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  for (const view of records.views) writes.push(tx.objectStore('views').put({ ...view, sessionId }));
  for (const s of records.samples) writes.push(tx.objectStore('samples').add({ ...s, sessionId } as Stored<MetricSample>));
  for (const r of records.requests) writes.push(tx.objectStore('requests').add({ ...r, sessionId }));
  for (const a of records.alerts) writes.push(tx.objectStore('alerts').put({ ...a, sessionId }));
  if (session) writes.push(tx.objectStore('sessions').put(session));
  await Promise.all([...writes, tx.done]);
}

/** Removes everything an unfinished import wrote (and its session row, if it got that far). */
export function discardImport(db: Database, sessionId: string): Promise<void> {
  return new SessionStore(db).deleteSession(sessionId);
}
