/**
 * The worker that writes a trace's request events (see trace-requests.ts): it opens the
 * extension's IndexedDB itself (a dedicated worker of the panel page, same origin), reads the
 * session's requests page by page and makes their text the parts of a Blob. One job per worker.
 */
import { createSanitizer, resolveSanitizer } from '../../core/sessions/sanitize';
import { traceRequests } from '../../core/sessions/export/trace';
import { openDatabase } from '../../storage/db';
import { readRecords } from '../../storage/paged-reads';
import { createFileWriter, writeChunks } from './file-writer';
import type { TraceRequestsJob, TraceRequestsMessage } from './trace-requests';

/** The parts of a DedicatedWorkerGlobalScope used here (the panel's tsconfig has only the DOM lib). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TraceRequestsJob>) => void) | null;
  postMessage(message: TraceRequestsMessage): void;
};
const post = (message: TraceRequestsMessage) => scope.postMessage(message);

async function run(job: TraceRequestsJob): Promise<void> {
  const db = await openDatabase(job.dbName).catch((error: Error) => {
    throw new Error(`the extension's storage could not be opened (${error.message})`);
  });
  try {
    const sanitizer = job.sanitize ? createSanitizer() : resolveSanitizer({ sanitize: false });
    const records = readRecords(db, 'requests', job.sessionId, { onRead: (count) => post({ op: 'read', records: count }) });
    const writer = createFileWriter({ type: 'text', mimeType: 'application/json' });
    await writeChunks(writer, traceRequests(records, { sanitizer }));
    post({ op: 'done', blob: await writer.finish(), removed: { ...sanitizer.removed } });
  } finally {
    db.close();
  }
}

scope.onmessage = (event) => {
  scope.onmessage = null;
  run(event.data).catch((error: unknown) => post({ op: 'failed', message: error instanceof Error ? error.message : String(error) }));
};
