/**
 * Exports a stored session to a file, streaming: records come from IndexedDB page by page,
 * the exporter turns them into ~64 K-character chunks, and a file writer (file-writer.ts) makes
 * them the parts of a Blob (kept by the browser outside the JavaScript heap, on disk when
 * large), so no single string ever holds the file.
 * CSV writes one table per file; those go into one .zip, so an export is always one download.
 * Where the panel has workers, parts are made in workers that read IndexedDB themselves
 * (export-jobs.ts), and the parts join into the same bytes: a report is written whole by a
 * worker; a CSV's samples and requests are read and written by a worker each (the
 * requests' worker deflates its table, this thread the samples' bytes and the small tables, and
 * lays out the zip); a trace's requests are written by a worker while this thread writes the
 * samples. Other zips (OTLP) are streamed through a zip writer in a worker while this thread
 * reads and formats.
 */
import type { Session } from '../../core/model';
import { CSV_TABLES, startExport, traceParts, type ExportFile, type ExportFormatId, type RemovedCounts, type Sanitizer, type TraceParts } from '../../core/sessions/index';
import type { Database } from '../../storage/db';
import { readExportInput } from './stored-session';
import { createFileWriter, writeChunks, type FileKind, type FileWriter, type FileWriterReply, type FileWriterRequest } from './file-writer';
import { canRunExportJobs, runExportJob, WORKER_FILE_FORMATS, type ExportJob, type ExportTask, type RunningExportJob, type WorkerFileFormat } from './export-jobs';
import { createDeflater, deflateText, zipOfDeflated, type DeflatedFile } from './zip-entry';

export interface ExportProgress {
  /** Records read so far and the session's record count (a recording session can grow past it). */
  read: number;
  total: number;
}

export interface ExportRequest {
  formatId: ExportFormatId;
  /** Remove cookies, credentials and secret-looking parameters (the default). */
  sanitize: boolean;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
  /** Epoch ms written into the file (default now). */
  now?: number;
}

export interface ExportResult {
  filename: string;
  blob: Blob;
  /** What the sanitizer removed; null for a full export. */
  removed: RemovedCounts | null;
  /** Wall time of reading and writing, ms. */
  ms: number;
}

/** `admin-performance-<host>-<yyyymmdd-hhmm>`, from the session's URL and start (local time). */
export function fileStem(session: Pick<Session, 'url' | 'startTime'>, sanitize: boolean): string {
  const start = new Date(session.startTime);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = Number.isNaN(start.getTime())
    ? 'undated'
    : `${start.getFullYear()}${pad(start.getMonth() + 1)}${pad(start.getDate())}-${pad(start.getHours())}${pad(start.getMinutes())}`;
  return `admin-performance-${hostForFileName(session.url)}-${stamp}${sanitize ? '' : '-full'}`;
}

function hostForFileName(url: string): string {
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    host = '';
  }
  const safe = host.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe || 'session';
}

export async function exportStoredSession(db: Database, sessionId: string, request: ExportRequest): Promise<ExportResult> {
  const started = performance.now();
  let read = 0;
  let total = 0;
  const input = await readExportInput(db, sessionId, {
    signal: request.signal,
    onRead: (records) => {
      read += records;
      request.onProgress?.({ read, total: Math.max(total, read) });
    },
  });
  total = input.total;
  request.onProgress?.({ read: 0, total });
  const now = request.now ?? Date.now();
  // The trace's files[0] is left unread when its parts are written apart (generators start when read).
  const { format, files, sanitizer } = startExport(request.formatId, input, { sanitize: request.sanitize, now });
  const stem = fileStem(input.session, request.sanitize);

  const only = files.length === 1 ? files[0] : undefined;
  const filename = only ? stem + only.suffix : `${stem}.${format.extension}.zip`;
  const textKind: TextKind | null = only ? { type: 'text', mimeType: `${only.mimeType};charset=utf-8` } : null;
  let blob: Blob;
  const done = (blob: Blob): ExportResult => ({ filename, blob, removed: sanitizer.active ? { ...sanitizer.removed } : null, ms: performance.now() - started });
  const jobOptions = {
    signal: request.signal,
    onRead(records: number) {
      read += records;
      request.onProgress?.({ read, total: Math.max(total, read) });
    },
  };
  const job = { dbName: db.name, sessionId, sanitize: request.sanitize };
  if (canRunExportJobs() && textKind && WORKER_FILE_FORMATS.includes(request.formatId)) {
    // The panel's files are left unread: the worker writes the same one from its own reads.
    const running = runExportJob({ ...job, task: 'file', formatId: request.formatId as WorkerFileFormat, now }, jobOptions);
    try {
      const { output, removed } = await running.result;
      sanitizer.add(removed);
      return done(new Blob([output], { type: textKind.mimeType }));
    } finally {
      running.stop();
    }
  }
  if (request.formatId === 'csv' && canRunExportJobs()) return done(await csvZipInWorkers({ job, files, stem, sanitizer, ...jobOptions }));
  if (request.formatId === 'trace' && textKind && canRunExportJobs()) {
    const requests = runExportJob({ ...job, task: 'trace-requests' }, jobOptions);
    try {
      blob = await writeTraceInParts(textKind, traceParts(input, { sanitizer, now }), requests.result);
    } finally {
      requests.stop();
    }
    return done(blob);
  }
  const writer = openFileWriter(textKind ?? { type: 'zip' });
  try {
    for (const file of files) {
      if (!only) await writer.beginFile(stem + file.suffix);
      await writeChunks(writer, file.chunks);
      await writer.endFile();
    }
    blob = await writer.finish();
  } finally {
    writer.close();
  }
  return done(blob);
}

/**
 * The CSV zip: samples and requests each read and written by a worker of their own, the small
 * tables (read already or few) deflated here meanwhile, then the zip laid out from the deflated
 * files, in the tables' order. The big tables' files from `files` are left unread.
 */
async function csvZipInWorkers({
  job,
  files,
  stem,
  sanitizer,
  ...options
}: {
  job: Omit<ExportJob, 'task'>;
  files: readonly ExportFile[];
  stem: string;
  sanitizer: Sanitizer;
  signal?: AbortSignal;
  onRead: (records: number) => void;
}): Promise<Blob> {
  const mtime = new Date();
  const running: RunningExportJob<ExportTask>[] = [];
  const inWorker = (table: 'samples' | 'requests') => {
    const started = runExportJob({ ...job, task: 'csv-table', table }, options);
    running.push(started);
    return started.result.then(({ output, removed }) => {
      sanitizer.add(removed);
      return output;
    });
  };
  // Reading and formatting 100,000 samples alone take longer than all of 20,000 requests' work (21.8 against 3.8 MiB of CSV): the samples' deflate is done here.
  const deflatedHere = (table: 'samples' | 'requests') => {
    const deflater = createDeflater();
    const started = runExportJob({ ...job, task: 'csv-table-bytes', table }, { ...options, onBytes: async (chunks) => { for (const bytes of chunks) await deflater.push(bytes); } });
    running.push(started);
    return started.result.then(({ removed }) => {
      sanitizer.add(removed);
      return deflater.end();
    });
  };
  try {
    const deflated = await Promise.all(
      files.map(async (file, i): Promise<{ name: string; file: DeflatedFile }> => {
        const table = CSV_TABLES[i];
        const name = stem + file.suffix;
        if (table === 'samples') return { name, file: await deflatedHere(table) };
        if (table === 'requests') return { name, file: await inWorker(table) };
        return { name, file: await deflateText(file.chunks) };
      }),
    );
    return zipOfDeflated(deflated, mtime);
  } finally {
    for (const started of running) started.stop();
  }
}

/**
 * A trace from its parts: the head (samples) written here while the worker writes the requests,
 * then the tail once the worker's sanitizer counts are in (the metadata carries them).
 */
async function writeTraceInParts(kind: TextKind, parts: TraceParts, requests: Promise<{ output: Blob; removed: RemovedCounts }>): Promise<Blob> {
  const head = createFileWriter(kind);
  await writeChunks(head, parts.head);
  const { output: requestsPart, removed } = await requests;
  parts.sanitizer.add(removed);
  const tail = createFileWriter(kind);
  await writeChunks(tail, parts.tail());
  return new Blob([await head.finish(), requestsPart, await tail.finish()], { type: kind.mimeType });
}

type TextKind = Extract<FileKind, { type: 'text' }>;

/** Calls sent to the worker and not answered yet, at most: enough to keep it busy, few enough to hold little text. */
const CALLS_IN_FLIGHT = 3;

/**
 * A zip's writer in a worker (deflate overlaps the reads: the CSV export's main thread did 41 %
 * less); a text file's on this thread, since copying its text to a worker cost more than the
 * Blob parts it saved (an 85 MB trace: 15 % more CPU in all, 6 % less on the main thread, slower).
 * On this thread too where there are no workers. close() ends it either way.
 */
function openFileWriter(kind: FileKind): FileWriter & { close(): void } {
  if (kind.type === 'text' || typeof Worker === 'undefined') return { ...createFileWriter(kind), close() {} };
  const worker = new Worker(new URL('./file-writer-worker.ts', import.meta.url), { type: 'module', name: 'export-file-writer' });
  let failure: Error | null = null;
  const encoder = new TextEncoder();
  let inFlight = 0;
  let waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  let file: { resolve: (blob: Blob) => void; reject: (error: Error) => void } | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    waiting?.reject(failure);
    file?.reject(failure);
    waiting = file = null;
    worker.terminate();
  };
  worker.onmessage = (event: MessageEvent<FileWriterReply>) => {
    const reply = event.data;
    if (reply.op === 'failed') return fail(new Error(`Writing the export file failed: ${reply.message}. Try the export again.`));
    if (reply.op === 'file') return file?.resolve(reply.blob);
    inFlight--;
    const next = waiting;
    waiting = null;
    next?.resolve();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(new Error(`The export's file writer stopped (${event.message || 'it could not be started'}). Try the export again.`));
  };
  const send = async (request: FileWriterRequest, transfer: Transferable[] = []) => {
    if (failure) throw failure;
    worker.postMessage(request, transfer);
    inFlight++;
    while (inFlight >= CALLS_IN_FLIGHT) await new Promise<void>((resolve, reject) => (waiting = { resolve, reject }));
  };
  void send({ op: 'start', kind });
  return {
    beginFile: (name) => send({ op: 'begin', name }),
    write(chunks) {
      // As bytes, moved (not copied) to the worker: the text is not cloned into its heap, and this thread drops it at once.
      const bytes = chunks.map((chunk) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk));
      return send({ op: 'write', chunks: bytes }, bytes.map((part) => part.buffer));
    },
    endFile: () => send({ op: 'end' }),
    finish() {
      if (failure) return Promise.reject(failure);
      const blob = new Promise<Blob>((resolve, reject) => (file = { resolve, reject }));
      worker.postMessage({ op: 'finish' } satisfies FileWriterRequest);
      return blob;
    },
    close: () => worker.terminate(),
  };
}
