/**
 * The panel's import worker (a dedicated Worker of the panel page, same origin, so it opens the
 * extension's IndexedDB itself): parsing a large file here keeps the panel's frames short.
 * One import per worker; the panel terminates it to cancel. It holds the import's Web Lock
 * while it writes, and first removes what imports of closed panels left behind.
 */
import { openDatabase } from '../../storage/db';
import { holdingImportLock, sweepOrphanedImports } from '../../storage/import-writes';
import { runImportJob, type ImportJobMessage, type ImportJobRequest } from './import-job';

/** The parts of a DedicatedWorkerGlobalScope used here (the panel's tsconfig has only the DOM lib). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ImportJobRequest>) => void) | null;
  postMessage(message: ImportJobMessage): void;
};
const post = (message: ImportJobMessage) => scope.postMessage(message);

scope.onmessage = (event) => {
  scope.onmessage = null;
  void (async () => {
    let db;
    try {
      db = await openDatabase();
    } catch (error) {
      post({ type: 'failed', invalid: false, message: `the extension's storage could not be opened (${(error as Error).message})` });
      return;
    }
    const database = db;
    await holdingImportLock(event.data.sessionId, async () => {
      // Leftovers are not this import's concern: a failure to remove them must not stop it.
      await sweepOrphanedImports(database).catch(() => []);
      await runImportJob(database, event.data, post);
    });
    db.close();
  })();
};
