/**
 * A trace's request events written in a worker (trace-requests-worker.ts) while the panel writes
 * the rest of the trace: the requests are the bulk of a trace, and the worker reads them from
 * IndexedDB itself, so no record or text crosses between the two threads, only the Blob of the
 * part. The panel joins the parts (core's traceParts) into the same file, byte for byte.
 */
import type { RemovedCounts } from '../../core/sessions/index';

/** What the panel asks the worker: one session's requests, as a trace holds them. */
export interface TraceRequestsJob {
  dbName: string;
  sessionId: string;
  sanitize: boolean;
}

/** What the worker tells the panel: records read, then the part or why it failed. */
export type TraceRequestsMessage =
  | { op: 'read'; records: number }
  | { op: 'done'; blob: Blob; removed: RemovedCounts }
  | { op: 'failed'; message: string };

/** True where a worker can write the requests (elsewhere the panel writes the whole trace itself). */
export const canWriteTraceRequestsApart = (): boolean => typeof Worker !== 'undefined';

/**
 * Starts the worker; the promise gives the requests' part and what its sanitizer removed.
 * Aborting `signal` ends the worker (the promise rejects with an AbortError); so does `stop()`.
 */
export function writeTraceRequestsInWorker(
  job: TraceRequestsJob,
  options: { signal?: AbortSignal; onRead?: (records: number) => void } = {},
): { part: Promise<{ blob: Blob; removed: RemovedCounts }>; stop(): void } {
  const worker = new Worker(new URL('./trace-requests-worker.ts', import.meta.url), { type: 'module', name: 'export-trace-requests' });
  let settle: { resolve: (value: { blob: Blob; removed: RemovedCounts }) => void; reject: (error: Error) => void };
  const part = new Promise<{ blob: Blob; removed: RemovedCounts }>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited only after the panel's own part: a failure meanwhile must not count as unhandled.
  part.catch(() => undefined);
  const onAbort = () => stop(new DOMException('The export was cancelled.', 'AbortError'));
  const stop = (error?: Error) => {
    worker.terminate();
    options.signal?.removeEventListener('abort', onAbort);
    if (error) settle.reject(error);
  };
  worker.onmessage = (event: MessageEvent<TraceRequestsMessage>) => {
    const message = event.data;
    if (message.op === 'read') return options.onRead?.(message.records);
    if (message.op === 'failed') return stop(new Error(`Writing the trace's requests failed: ${message.message}. Try the export again.`));
    stop();
    settle.resolve({ blob: message.blob, removed: message.removed });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    stop(new Error(`The trace's request writer stopped (${event.message || 'it could not be started'}). Try the export again.`));
  };
  if (options.signal?.aborted) onAbort();
  else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage(job);
  }
  return { part, stop: () => stop(new DOMException('The export was cancelled.', 'AbortError')) };
}
