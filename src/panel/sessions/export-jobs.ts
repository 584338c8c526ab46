/**
 * Parts of an export made in a worker of the panel page (export-worker.ts) that reads the
 * session from IndexedDB itself, so no record or text crosses between the threads, only the
 * result: a trace's request events (the bulk of a trace, written while the panel writes the
 * rest), one big CSV table deflated for the zip, or its UTF-8 bytes for the panel to deflate
 * (the samples: their reading and formatting alone take as long as all of the requests' work),
 * or a whole file of a format the panel only waits for (the report). The panel joins the parts
 * into the same bytes as a one-thread export.
 */
import type { CsvRecordTable, ExportFormatId, RemovedCounts } from '../../core/sessions/index';
import type { DeflatedFile } from './zip-entry';

/** What the panel asks a worker: one session, one task. */
export type ExportJob = { dbName: string; sessionId: string; sanitize: boolean } & ExportTask;

/** The tasks a worker does, and what each gives back. */
export type ExportTask =
  | { task: 'trace-requests' }
  | { task: 'csv-table'; table: CsvRecordTable }
  | { task: 'csv-table-bytes'; table: CsvRecordTable }
  | { task: 'file'; formatId: WorkerFileFormat; now: number };

/**
 * The single-file formats a worker writes whole. Not JSON: in a worker its longest frame fell
 * from 150-400 ms to 50-183 ms, but it took 5-53 % longer in three of four same-run A/Bs at
 * load 3-9 (renderer CPU up to +12 %), and a JSON export must not get slower.
 */
export type WorkerFileFormat = Extract<ExportFormatId, 'report'>;
export const WORKER_FILE_FORMATS: readonly ExportFormatId[] = ['report'] satisfies WorkerFileFormat[];

/** A task's result: a Blob of text (trace requests, a file), a deflated CSV table, or nothing (its bytes went to onBytes). */
export type ExportJobOutput<T extends ExportTask> = T extends { task: 'csv-table' } ? DeflatedFile : T extends { task: 'csv-table-bytes' } ? null : Blob;

/** What the worker tells the panel: records read, bytes of text (csv-table-bytes), then its output or why it failed. */
export type ExportJobMessage =
  | { op: 'read'; records: number }
  | { op: 'bytes'; chunks: Uint8Array<ArrayBuffer>[] }
  | { op: 'done'; output: Blob | DeflatedFile | null; removed: RemovedCounts }
  | { op: 'failed'; message: string };

/** What the panel tells a worker: its job, then that a message of bytes was taken (the worker keeps at most BYTES_IN_FLIGHT untaken). */
export type ExportJobRequest = ExportJob | { op: 'taken' };

/** Messages of bytes (about 1 M characters each) sent and not taken yet, at most. */
export const BYTES_IN_FLIGHT = 3;

/** True where a worker can do a part (elsewhere the panel does all of the export itself). */
export const canRunExportJobs = (): boolean => typeof Worker !== 'undefined';

/** A job started: its output and what its sanitizer removed, and a way to end it. */
export interface RunningExportJob<T extends ExportTask> {
  result: Promise<{ output: ExportJobOutput<T>; removed: RemovedCounts }>;
  stop(): void;
}

const cancelled = () => new DOMException('The export was cancelled.', 'AbortError');

/**
 * Starts a worker on one job. Aborting `signal` ends the worker (the promise rejects with an
 * AbortError); so does `stop()`.
 */
export function runExportJob<T extends ExportTask>(
  job: ExportJob & T,
  options: { signal?: AbortSignal; onRead?: (records: number) => void; onBytes?: (chunks: Uint8Array<ArrayBuffer>[]) => Promise<void> } = {},
): RunningExportJob<T> {
  const name = job.task === 'csv-table' || job.task === 'csv-table-bytes' ? `export-csv-${job.table}` : job.task === 'file' ? `export-${job.formatId}` : 'export-trace-requests';
  const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module', name });
  type Result = { output: ExportJobOutput<T>; removed: RemovedCounts };
  let settle!: { resolve: (value: Result) => void; reject: (error: Error) => void };
  const result = new Promise<Result>((resolve, reject) => (settle = { resolve, reject }));
  // Often awaited only after the panel's own part: a failure meanwhile must not count as unhandled.
  result.catch(() => undefined);
  const what = job.task === 'csv-table' || job.task === 'csv-table-bytes' ? `the CSV's ${job.table}` : job.task === 'file' ? `the ${job.formatId}` : "the trace's requests";
  const onAbort = () => stop(cancelled());
  const stop = (error?: Error) => {
    worker.terminate();
    options.signal?.removeEventListener('abort', onAbort);
    if (error) settle.reject(error);
  };
  // The bytes taken so far, in order; the result waits for them.
  let taking = Promise.resolve();
  worker.onmessage = (event: MessageEvent<ExportJobMessage>) => {
    const message = event.data;
    if (message.op === 'read') return options.onRead?.(message.records);
    if (message.op === 'failed') return stop(new Error(`Writing ${what} failed: ${message.message}. Try the export again.`));
    if (message.op === 'bytes') {
      const onBytes = options.onBytes;
      if (!onBytes) return stop(new Error(`${what} came as bytes, and nothing takes them`));
      taking = taking.then(async () => {
        await onBytes(message.chunks);
        worker.postMessage({ op: 'taken' } satisfies ExportJobRequest);
      });
      taking.catch((error: Error) => stop(error));
      return;
    }
    const { output, removed } = message;
    taking.then(() => {
      stop();
      settle.resolve({ output: output as ExportJobOutput<T>, removed });
    }, () => undefined);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    stop(new Error(`The writer of ${what} stopped (${event.message || 'it could not be started'}). Try the export again.`));
  };
  if (options.signal?.aborted) onAbort();
  else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(job satisfies ExportJobRequest);
  }
  return { result, stop: () => stop(cancelled()) };
}
