/**
 * How an import reaches IndexedDB: its records in batches, each one transaction, and the
 * session row last, with the final batch. Lists, retention and every view start from the
 * `sessions` store, so until that row exists the import is invisible; a failed or cancelled
 * import is removed by `discardImport`. This is the one place imports write.
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
