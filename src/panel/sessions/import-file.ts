/**
 * Imports a session file chosen in the panel. `importInWorker` is the panel's path: a worker
 * streams, checks and stores it in batches (see import-job.ts) while the panel shows progress
 * and can cancel. `importSessionFile` is the previous path (the whole file parsed on the
 * calling thread, then stored in one transaction), kept for tests and for the A/B of
 * `npm run bench:import`.
 */
import type { SessionData } from '../../core/model';
import { assertWithinLimit, DEFAULT_MAX_IMPORT_BYTES, ImportError, importSessionWithFormat, sessionWithEnd, type ImportedFormat } from '../../core/sessions/index';
import type { Session } from '../../core/model';
import type { Database } from '../../storage/db';
import { discardImport } from '../../storage/import-writes';
import type { ImportJobMessage, ImportJobRequest } from './import-job';
import { blobChunks } from './blob-chunks';
export { blobChunks } from './blob-chunks';
import { storeSession } from './stored-session';

/** The largest file the panel imports (the core's default, 200 MB). */
export const MAX_IMPORT_BYTES = DEFAULT_MAX_IMPORT_BYTES;

export interface ImportedSession {
  format: ImportedFormat;
  data: SessionData;
}

/**
 * Reads and validates a session file; throws ImportError (saying what is wrong) when it is
 * too big, not UTF-8, not JSON, or not a session export or HAR. Stores nothing.
 */
export async function readSessionFile(
  file: Blob,
  options: { maxBytes?: number; onProgress?: (fraction: number) => void } = {},
): Promise<ImportedSession> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  // The File says its size up front: refuse before reading a byte.
  assertWithinLimit(file.size, maxBytes);
  let read = 0;
  const onBytes = (bytes: number) => {
    read += bytes;
    options.onProgress?.(file.size > 0 ? Math.min(1, read / file.size) : 1);
  };
  const imported = await importSessionWithFormat(blobChunks(file, onBytes), { maxBytes });
  return { ...imported, data: withEnd(imported.data) };
}

/** An imported session is not recording, whatever it was when exported: it ends at its last record. */
function withEnd(data: SessionData): SessionData {
  return { ...data, session: sessionWithEnd(data) };
}

/** Reads, validates and stores a session file (one transaction); returns what was stored. */
export async function importSessionFile(
  db: Database,
  file: Blob,
  options: { maxBytes?: number; onProgress?: (fraction: number) => void } = {},
): Promise<ImportedSession> {
  const imported = await readSessionFile(file, options);
  await storeSession(db, imported.data);
  return imported;
}

/** An import running in the worker. */
export interface ImportRun {
  sessionId: string;
  /** Resolves when the session is stored; rejects with ImportError (bad file), ImportCancelled, or a storage error. */
  result: Promise<{ format: ImportedFormat; session: Session }>;
  /** Stops the worker and removes whatever it had written; `result` then rejects with ImportCancelled. */
  cancel(): Promise<void>;
}

/** The import was cancelled; nothing of it is stored. */
export class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
}

/** Starts importing `file` in a new worker; `onProgress` gets the bytes read and the file's size. */
export function importInWorker(
  database: () => Promise<Database>,
  file: File,
  onProgress: (bytes: number, total: number) => void,
  options: { maxBytes?: number; sessionId?: string } = {},
): ImportRun {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const sessionId = options.sessionId ?? crypto.randomUUID();
  let settle: { resolve: (value: { format: ImportedFormat; session: Session }) => void; reject: (error: Error) => void };
  const result = new Promise<{ format: ImportedFormat; session: Session }>((resolve, reject) => (settle = { resolve, reject }));
  let finished = false;
  const finish = (outcome: () => void) => {
    if (finished) return;
    finished = true;
    worker?.terminate();
    outcome();
  };

  let worker: Worker | null = null;
  try {
    // Refused before a worker starts or a byte is read.
    assertWithinLimit(file.size, maxBytes);
    worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  } catch (error) {
    finish(() => settle.reject(error as Error));
    return { sessionId, result, cancel: async () => {} };
  }
  worker.onmessage = (event: MessageEvent<ImportJobMessage>) => {
    const message = event.data;
    if (message.type === 'progress') onProgress(message.bytes, message.total);
    else if (message.type === 'done') finish(() => settle.resolve({ format: message.format, session: message.session }));
    else finish(() => settle.reject(message.invalid ? new ImportError(message.message) : new Error(message.message)));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const failure = new Error(`the import worker stopped: ${event.message || 'it could not be started'}`);
    // It may have written batches before it stopped.
    finish(() => void database().then((db) => discardImport(db, sessionId)).finally(() => settle.reject(failure)));
  };
  const request: ImportJobRequest = { file, sessionId, maxBytes };
  worker.postMessage(request);

  return {
    sessionId,
    result,
    async cancel() {
      if (finished) return;
      finished = true;
      worker?.terminate();
      // The worker is gone; remove the batches it wrote (its session row is written last, so none shows meanwhile).
      await discardImport(await database(), sessionId);
      settle.reject(new ImportCancelled(`the import of “${file.name}” was cancelled`));
    },
  };
}
