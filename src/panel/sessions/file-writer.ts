/**
 * Turns an exporter's text chunks into the file to download: a Blob of the text, or a zip of
 * several text files (native deflate, see zip-entry.ts). The panel runs a zip's in a worker
 * (file-writer-worker.ts), so compressing overlaps with reading and formatting on the panel's
 * thread; a text file's on its own thread (see openFileWriter in export-file.ts).
 */
import { collectingZip, NativeDeflateEntry } from './zip-entry';

/** What a file writer makes: one text file of this MIME type, or a zip of text files. */
export type FileKind = { type: 'text'; mimeType: string } | { type: 'zip' };

/** A writer of one export file; calls in order, each awaited. */
export interface FileWriter {
  /** Starts the next file of a zip (a text file has one, started already). */
  beginFile(name: string): Promise<void>;
  /** Text of the current file, in order, as strings or as their UTF-8 bytes. */
  write(chunks: readonly (string | Uint8Array<ArrayBuffer>)[]): Promise<void>;
  endFile(): Promise<void>;
  /** The whole file; the writer is done. */
  finish(): Promise<Blob>;
}

/** The messages to a file writer worker: its kind first, then FileWriter's calls. */
export type FileWriterRequest =
  | { op: 'start'; kind: FileKind }
  | { op: 'begin'; name: string }
  | { op: 'write'; chunks: (string | Uint8Array<ArrayBuffer>)[] }
  | { op: 'end' }
  | { op: 'finish' };

/** What a file writer worker answers: a call done (in order), the file, or why it failed. */
export type FileWriterReply = { op: 'done' } | { op: 'file'; blob: Blob } | { op: 'failed'; message: string };

/**
 * Characters gathered before they become a Blob part (kept by the browser outside the
 * JavaScript heap). Each part costs a round trip to the browser's blob registry: 4 M
 * characters made the parts of an 85 MB trace about half as costly as 1 M did.
 */
const BLOB_PART_CHARS = 1 << 22;

/** A FileWriter on this thread. */
export function createFileWriter(kind: FileKind): FileWriter {
  return kind.type === 'text' ? textWriter(kind.mimeType) : zipWriter();
}

function textWriter(mimeType: string): FileWriter {
  const parts: Blob[] = [];
  let pending: (string | Uint8Array<ArrayBuffer>)[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (pending.length) parts.push(new Blob(pending));
    pending = [];
    pendingChars = 0;
  };
  return {
    async beginFile() {},
    async write(chunks) {
      for (const chunk of chunks) {
        pending.push(chunk);
        pendingChars += chunk.length;
      }
      if (pendingChars >= BLOB_PART_CHARS) flush();
    },
    async endFile() {},
    async finish() {
      flush();
      return new Blob(parts, { type: mimeType });
    },
  };
}

function zipWriter(): FileWriter {
  const encoder = new TextEncoder();
  const archive = collectingZip();
  const mtime = new Date();
  let entry: NativeDeflateEntry | null = null;
  const current = () => {
    const failure = archive.failure();
    if (failure) throw failure;
    if (!entry) throw new Error('No file of the zip has been started.');
    return entry;
  };
  return {
    async beginFile(name) {
      if (entry) throw new Error(`Start ${name} after the previous file of the zip has ended.`);
      entry = new NativeDeflateEntry(name, mtime);
      archive.zip.add(entry);
    },
    async write(chunks) {
      const file = current();
      for (const chunk of chunks) await file.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    },
    async endFile() {
      await current().end();
      entry = null;
    },
    async finish() {
      return archive.blob();
    },
  };
}

/** Characters of text sent to the file writer at a time (a message each). */
const WRITE_CHARS = 1 << 20;

/** Sends an exporter's chunks to the writer in batches of about WRITE_CHARS characters. */
export async function writeChunks(writer: FileWriter, chunks: AsyncIterable<string>): Promise<void> {
  let batch: string[] = [];
  let chars = 0;
  for await (const chunk of chunks) {
    batch.push(chunk);
    chars += chunk.length;
    if (chars >= WRITE_CHARS) {
      await writer.write(batch);
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) await writer.write(batch);
}
