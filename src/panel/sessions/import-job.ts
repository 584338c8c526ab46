/**
 * The work of one import, as the import worker runs it: the File read as a stream, parsed and
 * checked by the core's streaming importer, written to IndexedDB in batches (the session row
 * last), and removed again if anything fails. Its messages are what the panel shows.
 */
import { importSessionStream, ImportError, type ImportedFormat } from '../../core/sessions/index';
import type { Session } from '../../core/model';
import type { Database } from '../../storage/db';
import { discardImport, writeImportBatch } from '../../storage/import-writes';
import { blobChunks } from './blob-chunks';

/** What the panel asks the worker. */
export interface ImportJobRequest {
  file: Blob;
  sessionId: string;
  maxBytes: number;
}

/** What the worker tells the panel: progress, then one of done or failed. */
export type ImportJobMessage =
  | { type: 'progress'; bytes: number; total: number }
  | { type: 'done'; format: ImportedFormat; session: Session }
  /** `invalid`: the file is wrong (nothing stored); otherwise storing failed (nothing stored either). */
  | { type: 'failed'; invalid: boolean; message: string };

/** Progress is posted at most this often, and once at the end of the file. */
const PROGRESS_INTERVAL_MS = 100;

export async function runImportJob(
  db: Database,
  request: ImportJobRequest,
  post: (message: ImportJobMessage) => void,
  options: { batchSize?: number; now?: () => number } = {},
): Promise<void> {
  const { file, sessionId } = request;
  const now = options.now ?? (() => performance.now());
  const total = file.size;
  let posted = -Infinity;
  try {
    const result = await importSessionStream(
      blobChunks(file),
      {
        write: (records) => writeImportBatch(db, sessionId, records),
        finish: (session, records) => writeImportBatch(db, sessionId, records, session),
      },
      {
        sessionId,
        maxBytes: request.maxBytes,
        // A File can be read again: a HAR with its pages after its entries is read twice, not held.
        reread: () => blobChunks(file),
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        onProgress(bytes) {
          const t = now();
          if (t - posted < PROGRESS_INTERVAL_MS && bytes < total) return;
          posted = t;
          post({ type: 'progress', bytes, total });
        },
      },
    );
    post({ type: 'done', format: result.format, session: result.session });
  } catch (error) {
    await discardImport(db, sessionId).catch(() => {});
    post({ type: 'failed', invalid: error instanceof ImportError, message: error instanceof Error ? error.message : String(error) });
  }
}
