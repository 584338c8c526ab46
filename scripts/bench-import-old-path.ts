/**
 * Bundled by scripts/bench-import.ts into the panel page: the previous import path (the whole
 * file parsed and checked on the calling thread, then one transaction), and a clean-up between runs.
 */
import { importSessionFile } from '../src/panel/sessions/import-file';
import { openDatabase } from '../src/storage/db';
import { SessionStore } from '../src/storage/session-store';

/** What the benchmark calls in the panel page. */
export interface BenchImport {
  runOld(file: File): Promise<number>;
  clear(): Promise<void>;
}

const bench: BenchImport = {
  /** Imports `file` the old way; returns the milliseconds it took. */
  async runOld(file) {
    const db = await openDatabase();
    const t0 = performance.now();
    await importSessionFile(db, file);
    const ms = performance.now() - t0;
    db.close();
    return ms;
  },
  /** Deletes every imported session. */
  async clear() {
    const db = await openDatabase();
    const store = new SessionStore(db);
    for (const session of await store.listSessions()) if (session.origin !== 'captured') await store.deleteSession(session.id);
    db.close();
  },
};
(globalThis as unknown as { __benchImport: BenchImport }).__benchImport = bench;
