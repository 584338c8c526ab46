/**
 * The worker that does one part of an export (see export-jobs.ts): it opens the extension's
 * IndexedDB itself (a dedicated worker of the panel page, same origin), reads the session page
 * by page and writes its part. One job per worker.
 */
import { csvRecordTable, startExport, type RemovedCounts } from '../../core/sessions/index';
import { traceRequests } from '../../core/sessions/export/trace';
import { resolveSanitizer } from '../../core/sessions/sanitize';
import { openDatabase, type Database } from '../../storage/db';
import { readExportInput, readRecords } from '../../storage/paged-reads';
import { BYTES_IN_FLIGHT, type ExportJob, type ExportJobMessage, type ExportJobRequest } from './export-jobs';
import { createFileWriter, writeChunks } from './file-writer';
import { deflateText, type DeflatedFile } from './zip-entry';

/** The parts of a DedicatedWorkerGlobalScope used here (the panel's tsconfig has only the DOM lib). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ExportJobRequest>) => void) | null;
  postMessage(message: ExportJobMessage, transfer?: Transferable[]): void;
};
const post = (message: ExportJobMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const onRead = (count: number) => post({ op: 'read', records: count });
/**
 * Pages of PAGE_SIZE (paged-reads.ts), as on the panel's thread: 2,500 records a page took the
 * CSV zip 16 % and the report 57 % longer, for a heap peak 4 % larger and 13 % smaller
 * (bench:panel, same-run A/B, medians of 3, load 4.5-5.9).
 */
const READ = { onRead };

async function textBlob(chunks: AsyncIterable<string>, mimeType: string): Promise<Blob> {
  const writer = createFileWriter({ type: 'text', mimeType });
  await writeChunks(writer, chunks);
  return writer.finish();
}

/** Messages of bytes the panel has not taken yet, and who waits for it to take one. */
let untaken = 0;
let onTaken: (() => void) | null = null;

/** UTF-8 bytes gathered before they go to the panel (a message each). */
const MESSAGE_BYTES = 1 << 20;

/**
 * Posts the text's UTF-8 bytes to the panel (moved, not copied), at most BYTES_IN_FLIGHT
 * messages untaken. Each chunk is encoded as it comes, so its string dies young.
 */
async function postBytes(chunks: AsyncIterable<string>): Promise<void> {
  const encoder = new TextEncoder();
  let pending: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  const send = async () => {
    post({ op: 'bytes', chunks: pending }, pending.map((part) => part.buffer));
    pending = [];
    size = 0;
    untaken++;
    while (untaken >= BYTES_IN_FLIGHT) await new Promise<void>((resolve) => (onTaken = resolve));
  };
  for await (const chunk of chunks) {
    const bytes = encoder.encode(chunk);
    pending.push(bytes);
    size += bytes.length;
    if (size >= MESSAGE_BYTES) await send();
  }
  if (pending.length) await send();
}

async function work(db: Database, job: ExportJob): Promise<{ output: Blob | DeflatedFile | null; removed: RemovedCounts }> {
  if (job.task === 'file') {
    const input = await readExportInput(db, job.sessionId, READ);
    const { files, sanitizer } = startExport(job.formatId, input, { sanitize: job.sanitize, now: job.now });
    const file = files[0]!;
    const blob = await textBlob(file.chunks, `${file.mimeType};charset=utf-8`);
    return { output: blob, removed: { ...sanitizer.removed } };
  }
  const sanitizer = resolveSanitizer({ sanitize: job.sanitize });
  if (job.task === 'trace-requests') {
    const records = readRecords(db, 'requests', job.sessionId, READ);
    const blob = await textBlob(traceRequests(records, { sanitizer }), 'application/json');
    return { output: blob, removed: { ...sanitizer.removed } };
  }
  const text =
    job.table === 'samples'
      ? csvRecordTable('samples', readRecords(db, 'samples', job.sessionId, READ), { sanitizer })
      : csvRecordTable('requests', readRecords(db, 'requests', job.sessionId, READ), { sanitizer });
  if (job.task === 'csv-table-bytes') {
    await postBytes(text);
    return { output: null, removed: { ...sanitizer.removed } };
  }
  return { output: await deflateText(text), removed: { ...sanitizer.removed } };
}

async function run(job: ExportJob): Promise<void> {
  const db = await openDatabase(job.dbName).catch((error: Error) => {
    throw new Error(`the extension's storage could not be opened (${error.message})`);
  });
  try {
    const { output, removed } = await work(db, job);
    // A deflated table's bytes are moved, not copied.
    post({ op: 'done', output, removed }, output === null || output instanceof Blob ? [] : [...new Set(output.data.map((bytes) => bytes.buffer))]);
  } finally {
    db.close();
  }
}

let started = false;
scope.onmessage = (event) => {
  const request = event.data;
  if ('op' in request) {
    untaken--;
    const next = onTaken;
    onTaken = null;
    next?.();
    return;
  }
  if (started) return;
  started = true;
  run(request).catch((error: unknown) => post({ op: 'failed', message: error instanceof Error ? error.message : String(error) }));
};
