/**
 * Reads an import's bytes into text, refusing more than the limit as soon as it is exceeded
 * (so a huge file is never held whole) and text that is not UTF-8.
 */
import { formatBytes } from '../../metrics/format';
import { ImportError } from './errors';

/** 200 MB: far above an hour of capture, well below what a DevTools page can hold twice. */
export const DEFAULT_MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** A whole file, or its chunks (a File's stream(), a Node read stream, an array of strings). */
export type ImportSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

export async function readImportText(source: ImportSource, maxBytes: number): Promise<{ text: string; bytes: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  let bytes = 0;
  const take = (chunk: string | Uint8Array, last: boolean) => {
    bytes += typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
    assertWithinLimit(bytes, maxBytes);
    parts.push(typeof chunk === 'string' ? chunk : decodeChunk(decoder, chunk, last));
  };

  if (typeof source === 'string' || source instanceof Uint8Array) take(source, true);
  else if (source instanceof ArrayBuffer) take(new Uint8Array(source), true);
  else {
    for await (const chunk of source) take(chunk, false);
    parts.push(decodeChunk(decoder, new Uint8Array(0), true));
  }
  const text = parts.join('');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes };
}

/** Throws the "too large" error when `bytes` is over the limit; the panel can call it with File.size first. */
export function assertWithinLimit(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new ImportError(
      `the file is larger than the import limit of ${formatBytes(maxBytes, 'short')}; export a shorter session, or split it`,
    );
  }
}

/** Decodes one chunk of a UTF-8 stream; `at` (the chunk's first byte) says where a bad byte was. */
export function decodeChunk(decoder: TextDecoder, chunk: Uint8Array, last: boolean, at?: number): string {
  try {
    return decoder.decode(chunk, { stream: !last });
  } catch {
    const where = at === undefined ? '' : ` (bytes ${at + 1}–${at + chunk.byteLength} are not)`;
    throw new ImportError(`the file is not UTF-8 text${where} (is it compressed or binary?)`);
  }
}

/** UTF-8 byte length of a string without encoding it. */
export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        i++;
      } else length += 3;
    } else length += 3;
  }
  return length;
}
