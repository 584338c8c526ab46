/**
 * The panel's file writer worker: one export file per worker (see file-writer.ts). Calls run
 * one at a time, in the order they came; each is answered when done, so the panel keeps only a
 * few chunks in flight.
 */
import { createFileWriter, type FileWriter, type FileWriterReply, type FileWriterRequest } from './file-writer';

/** The parts of a DedicatedWorkerGlobalScope used here (the panel's tsconfig has only the DOM lib). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FileWriterRequest>) => void) | null;
  postMessage(message: FileWriterReply): void;
};

let writer: FileWriter | null = null;
let queue: Promise<void> = Promise.resolve();
let failed = false;

async function run(request: FileWriterRequest): Promise<void> {
  if (request.op === 'start') {
    writer = createFileWriter(request.kind);
    scope.postMessage({ op: 'done' });
    return;
  }
  if (!writer) throw new Error('the file writer was not started');
  if (request.op === 'finish') {
    scope.postMessage({ op: 'file', blob: await writer.finish() });
    return;
  }
  if (request.op === 'begin') await writer.beginFile(request.name);
  else if (request.op === 'write') await writer.write(request.chunks);
  else await writer.endFile();
  scope.postMessage({ op: 'done' });
}

scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    if (failed) return;
    try {
      await run(request);
    } catch (error) {
      failed = true;
      scope.postMessage({ op: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
};
