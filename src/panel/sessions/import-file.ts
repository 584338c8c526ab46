/**
 * Imports a session file chosen in the panel: read streaming from the File (refused as soon
 * as it passes the limit), validated by the core importer, then stored in one transaction.
 */
import type { SessionData } from '../../core/model';
import { assertWithinLimit, DEFAULT_MAX_IMPORT_BYTES, importSessionWithFormat, sessionWithEnd, type ImportedFormat } from '../../core/sessions/index';
import type { Database } from '../../storage/db';
import { storeSession } from './stored-session';

/** The largest file the panel imports (the core's default, 200 MB). */
export const MAX_IMPORT_BYTES = DEFAULT_MAX_IMPORT_BYTES;

/**
 * A Blob's bytes chunk by chunk. ReadableStream is not async-iterable before Chrome 124 (the
 * manifest allows 123), so this reads it with a reader; stopping early cancels the read.
 */
export async function* blobChunks(blob: Blob, onBytes?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      onBytes?.(next.value.byteLength);
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

export interface ImportedSession {
  format: ImportedFormat;
  data: SessionData;
}

/**
 * Reads and validates a session file; throws ImportError (saying what is wrong) when it is
 * too big, not UTF-8, not JSON, or not a session export or HAR. Stores nothing.
 */
export async function readSessionFile(
  file: Blob,
  options: { maxBytes?: number; onProgress?: (fraction: number) => void } = {},
): Promise<ImportedSession> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  // The File says its size up front: refuse before reading a byte.
  assertWithinLimit(file.size, maxBytes);
  let read = 0;
  const onBytes = (bytes: number) => {
    read += bytes;
    options.onProgress?.(file.size > 0 ? Math.min(1, read / file.size) : 1);
  };
  const imported = await importSessionWithFormat(blobChunks(file, onBytes), { maxBytes });
  return { ...imported, data: withEnd(imported.data) };
}

/** An imported session is not recording, whatever it was when exported: it ends at its last record. */
function withEnd(data: SessionData): SessionData {
  return { ...data, session: sessionWithEnd(data) };
}

/** Reads, validates and stores a session file (one transaction); returns what was stored. */
export async function importSessionFile(
  db: Database,
  file: Blob,
  options: { maxBytes?: number; onProgress?: (fraction: number) => void } = {},
): Promise<ImportedSession> {
  const imported = await readSessionFile(file, options);
  await storeSession(db, imported.data);
  return imported;
}
