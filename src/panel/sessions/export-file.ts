/**
 * Exports a stored session to a file, streaming: records come from IndexedDB page by page,
 * the exporter turns them into ~64 K-character chunks, and the chunks become the parts of a
 * Blob (kept by the browser outside the JavaScript heap, on disk when large), so no single
 * string ever holds the file.
 * CSV writes one table per file; those go into one .zip (streamed too: fflate's Zip around the
 * platform's deflate), so an export is always one download.
 */
import { Zip } from 'fflate';
import type { Session } from '../../core/model';
import { startExport, type ExportFormatId, type RemovedCounts } from '../../core/sessions/index';
import type { Database } from '../../storage/db';
import { readExportInput } from './stored-session';
import { NativeDeflateEntry } from './zip-entry';

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
  const { format, files, sanitizer } = startExport(request.formatId, input, { sanitize: request.sanitize, now: request.now ?? Date.now() });
  const stem = fileStem(input.session, request.sanitize);

  let blob: Blob;
  let filename: string;
  const only = files.length === 1 ? files[0] : undefined;
  if (only) {
    blob = await blobOf(only.chunks, `${only.mimeType};charset=utf-8`);
    filename = stem + only.suffix;
  } else {
    blob = await zipFiles(files.map((file) => ({ name: stem + file.suffix, chunks: file.chunks })));
    filename = `${stem}.${format.extension}.zip`;
  }
  return {
    filename,
    blob,
    removed: sanitizer.active ? { ...sanitizer.removed } : null,
    ms: performance.now() - started,
  };
}

/**
 * Characters gathered before they move out of the JavaScript heap into a Blob part. Each part
 * costs a round trip to the browser's blob registry: 4 M characters made the parts of an 85 MB
 * trace about half as costly as 1 M did.
 */
const BLOB_PART_CHARS = 1 << 22;

/**
 * A Blob of text chunks. Every ~4 M characters the text becomes a Blob part, which the
 * browser keeps outside the JavaScript heap: holding a 40 MB export as strings until the end
 * made garbage collection take as long as the export itself.
 */
async function blobOf(chunks: AsyncIterable<string>, type: string): Promise<Blob> {
  const parts: Blob[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingChars += chunk.length;
    if (pendingChars >= BLOB_PART_CHARS) {
      parts.push(new Blob(pending));
      pending = [];
      pendingChars = 0;
    }
  }
  if (pending.length) parts.push(new Blob(pending));
  return new Blob(parts, { type });
}

/** Zips text files chunk by chunk (native deflate), one after the other, into a Blob. */
async function zipFiles(files: { name: string; chunks: AsyncIterable<string> }[]): Promise<Blob> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else parts.push(data);
    if (final) finished = true;
  });
  const mtime = new Date();
  for (const file of files) {
    const entry = new NativeDeflateEntry(file.name, mtime);
    zip.add(entry);
    for await (const chunk of file.chunks) {
      await entry.push(encoder.encode(chunk));
      if (failure) throw failure;
    }
    await entry.end();
  }
  zip.end();
  if (failure) throw failure;
  // Each entry has handed the zip all of its data before end() returned.
  if (!finished) throw new Error('The zip archive was not completed; try the export again.');
  return new Blob(parts as BlobPart[], { type: 'application/zip' });
}
