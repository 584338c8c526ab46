/**
 * gzip for cache bodies, with the platform's CompressionStream (browsers and Node 20), and a
 * CRC-32 of the raw bytes for every body, compressed or not: a body that fails to decompress,
 * has another length or another checksum than was stored is damaged, and never served.
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
  /** CRC-32 of the raw (uncompressed) bytes. */
  crc: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as gzip and PNG use). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Encodes a body for storage, compressing it when asked; returns what to store and its size. */
export async function encodeBody(raw: Uint8Array<ArrayBuffer>, compress: boolean): Promise<StoredBody> {
  const crc = crc32(raw);
  if (!compress) return { compressed: false, data: raw, crc };
  const packed = await gzip(raw);
  // Incompressible bodies (already compressed images) are kept as they are.
  return packed.byteLength < raw.byteLength ? { compressed: true, data: packed, crc } : { compressed: false, data: raw, crc };
}

/** Decodes a stored body; null when it is damaged (wrong shape, bad gzip, wrong length). */
export async function decodeBody(stored: unknown, expectedBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (typeof stored !== 'object' || stored === null) return null;
  const { compressed, data, crc } = stored as Partial<StoredBody>;
  if (typeof compressed !== 'boolean' || !(data instanceof Uint8Array) || typeof crc !== 'number') return null;
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = compressed ? await gunzip(data) : (data as Uint8Array<ArrayBuffer>);
  } catch {
    return null;
  }
  return raw.byteLength === expectedBytes && crc32(raw) === crc ? raw : null;
}
