/**
 * gzip for cache bodies, with the platform's CompressionStream (browsers and Node 20). A body
 * that fails to decompress, or decompresses to another length than was stored, is damaged:
 * gzip's own CRC-32 catches flipped bytes, the length check catches truncation.
 */

/** Compresses bytes with gzip. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return pipe(bytes, new CompressionStream('gzip'));
}

/** Decompresses gzip bytes; rejects on damaged input. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return pipe(bytes, new DecompressionStream('gzip'));
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A body as stored: gzip bytes, or the raw bytes. */
export interface StoredBody {
  compressed: boolean;
  data: Uint8Array<ArrayBuffer>;
}

/** Encodes a body for storage, compressing it when asked; returns what to store and its size. */
export async function encodeBody(raw: Uint8Array<ArrayBuffer>, compress: boolean): Promise<StoredBody> {
  if (!compress) return { compressed: false, data: raw };
  const packed = await gzip(raw);
  // Incompressible bodies (already compressed images) are kept as they are.
  return packed.byteLength < raw.byteLength ? { compressed: true, data: packed } : { compressed: false, data: raw };
}

/** Decodes a stored body; null when it is damaged (wrong shape, bad gzip, wrong length). */
export async function decodeBody(stored: unknown, expectedBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (typeof stored !== 'object' || stored === null) return null;
  const { compressed, data } = stored as Partial<StoredBody>;
  if (typeof compressed !== 'boolean' || !(data instanceof Uint8Array)) return null;
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = compressed ? await gunzip(data) : (data as Uint8Array<ArrayBuffer>);
  } catch {
    return null;
  }
  return raw.byteLength === expectedBytes ? raw : null;
}
