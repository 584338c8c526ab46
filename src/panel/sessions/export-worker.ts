/**
 * The worker that does one part of an export (see export-jobs.ts): it opens the extension's
 * IndexedDB itself (a dedicated worker of the panel page, same origin), reads the session page
 * by page and writes its part. One job per worker.
 */
import { csvRecordTable, startExport, type RemovedCounts } from '../../core/sessions/index';
import { traceRequests } from '../../core/sessions/export/trace';
import { createSanitizer, resolveSanitizer, type Sanitizer } from '../../core/sessions/sanitize';
import { openDatabase, type Database } from '../../storage/db';
import { readExportInput, readRecords } from '../../storage/paged-reads';
import type { ExportJob, ExportJobMessage } from './export-jobs';
import { createFileWriter, writeChunks } from './file-writer';
import { deflateText, type DeflatedFile } from './zip-entry';

/** The parts of a DedicatedWorkerGlobalScope used here (the panel's tsconfig has only the DOM lib). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ExportJob>) => void) | null;
  postMessage(message: ExportJobMessage, transfer?: Transferable[]): void;
};
const post = (message: ExportJobMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const onRead = (count: number) => post({ op: 'read', records: count });

async function textBlob(chunks: AsyncIterable<string>, mimeType: string): Promise<Blob> {
  const writer = createFileWriter({ type: 'text', mimeType });
  await writeChunks(writer, chunks);
  return writer.finish();
}

async function work(db: Database, job: ExportJob): Promise<{ output: Blob | DeflatedFile; removed: RemovedCounts }> {
  if (job.task === 'file') {
    const input = await readExportInput(db, job.sessionId, { onRead });
    const { files, sanitizer } = startExport(job.formatId, input, { sanitize: job.sanitize, now: job.now });
    const file = files[0]!;
    const blob = await textBlob(file.chunks, `${file.mimeType};charset=utf-8`);
    return { output: blob, removed: { ...sanitizer.removed } };
  }
  const sanitizer: Sanitizer = job.sanitize ? createSanitizer() : resolveSanitizer({ sanitize: false });
  if (job.task === 'trace-requests') {
    const records = readRecords(db, 'requests', job.sessionId, { onRead });
    const blob = await textBlob(traceRequests(records, { sanitizer }), 'application/json');
    return { output: blob, removed: { ...sanitizer.removed } };
  }
  const t0 = performance.now();
  let fmt = 0;
  const timed = async function* (src: AsyncIterable<string>) { const it = src[Symbol.asyncIterator](); for (;;) { const a = performance.now(); const n = await it.next(); fmt += performance.now() - a; if (n.done) return; yield n.value; } };
  const text0 =
    job.table === 'samples'
      ? csvRecordTable('samples', readRecords(db, 'samples', job.sessionId, { onRead }), { sanitizer })
      : csvRecordTable('requests', readRecords(db, 'requests', job.sessionId, { onRead }), { sanitizer });
  const out = await deflateText(timed(text0));
  console.log(`TIMING ${job.table} total ${(performance.now() - t0).toFixed(0)} read+format ${fmt.toFixed(0)} since-origin ${(performance.now()).toFixed(0)}`);
  return { output: out, removed: { ...sanitizer.removed } };
}

async function run(job: ExportJob): Promise<void> {
  const db = await openDatabase(job.dbName).catch((error: Error) => {
    throw new Error(`the extension's storage could not be opened (${error.message})`);
  });
  try {
    const { output, removed } = await work(db, job);
    // A deflated table's bytes are moved, not copied.
    post({ op: 'done', output, removed }, output instanceof Blob ? [] : [...new Set(output.data.map((bytes) => bytes.buffer))]);
  } finally {
    db.close();
  }
}

scope.onmessage = (event) => {
  scope.onmessage = null;
  run(event.data).catch((error: unknown) => post({ op: 'failed', message: error instanceof Error ? error.message : String(error) }));
};
