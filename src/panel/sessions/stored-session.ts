/**
 * Reads stored sessions straight from the extension's IndexedDB in the panel page (it is the
 * same origin as the service worker, also inside the real DevTools window), so an export
 * never copies a whole session through a message port. The paged reads live in src/storage.
 */
import type { Session, SessionData } from '../../core/model';
import type { Database } from '../../storage/db';
import { SessionStore, sessionGone } from '../../storage/session-store';
export { PAGE_SIZE, readExportInput, readRecords, type ReadOptions, type RecordTable } from '../../storage/paged-reads';
export { sessionGone } from '../../storage/session-store';

/** A whole stored session in memory (to show it in every view, or to compare it). */
export async function loadStoredSession(db: Database, sessionId: string): Promise<SessionData> {
  const data = await new SessionStore(db).loadSession(sessionId);
  if (!data) throw sessionGone(sessionId);
  return data;
}

/** Stores an imported session: one transaction, all of it or nothing. */
export async function storeSession(db: Database, data: SessionData): Promise<Session> {
  await new SessionStore(db).putSessionData(data);
  return data.session;
}
