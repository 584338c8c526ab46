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
  /** Empties the stores between runs (the benchmark's own profile holds nothing else worth keeping). */
  async clear() {
    const db = await openDatabase();
    for (const session of await new SessionStore(db).listSessions()) if (session.origin !== 'captured') await db.delete('sessions', session.id);
    await Promise.all((['views', 'sample-chunks', 'request-chunks', 'alerts'] as const).map((store) => db.clear(store)));
    db.close();
  },
};
(globalThis as unknown as { __benchImport: BenchImport }).__benchImport = bench;
