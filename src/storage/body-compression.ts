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

/** CRC-32 lookup tables for eight bytes at a time ("slicing-by-8"): table k is the CRC of a byte followed by k zero bytes. */
const CRC_TABLES = (() => {
  const tables = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[k * 256 + n] = (tables[(k - 1) * 256 + n]! >>> 8) ^ tables[tables[(k - 1) * 256 + n]! & 0xff]!;
  }
  return tables;
})();

/**
 * CRC-32 (IEEE, as gzip, zip and PNG use). `previous` continues a CRC over bytes that came
 * before (a file zipped chunk by chunk); eight bytes a step, as the zip of a 27 MB export
 * spent more on a byte-at-a-time CRC than on reading it.
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = CRC_TABLES;
  let crc = ~previous;
  let i = 0;
  for (const end = bytes.length - 7; i < end; i += 8) {
    const low = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ crc;
    crc =
      t[1792 + (low & 0xff)]! ^
      t[1536 + ((low >>> 8) & 0xff)]! ^
      t[1280 + ((low >>> 16) & 0xff)]! ^
      t[1024 + (low >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
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
