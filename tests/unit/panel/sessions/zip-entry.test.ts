/**
 * Zip entries deflated by CompressionStream inside fflate's Zip: the archive unzips to the
 * bytes written, and its central directory names deflate with each file's true CRC-32 and
 * sizes (fflate's unzip does not check the CRC, so the test reads the directory itself). A zip
 * laid out from files deflated apart (zipOfDeflated: the CSV export's workers) is byte for byte
 * the streamed one.
 */
import { inflateRawSync } from 'node:zlib';
import { strFromU8, unzipSync, Zip } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../src/storage/body-compression';
import { createDeflater, deflateText, NativeDeflateEntry, zipOfDeflated } from '../../../../src/panel/sessions/zip-entry';

interface DirectoryEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

function centralDirectory(zip: Uint8Array): DirectoryEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: DirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    entries.push({
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeader: view.getUint32(at + 42, true),
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

const MTIME = new Date(2026, 11, 1, 12, 0, 0);

async function zipOf(files: Record<string, string[]>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) throw error;
    parts.push(data);
    finished ||= final;
  });
  const encoder = new TextEncoder();
  for (const [name, chunks] of Object.entries(files)) {
    const entry = new NativeDeflateEntry(name, MTIME);
    zip.add(entry);
    for (const chunk of chunks) await entry.push(encoder.encode(chunk));
    await entry.end();
  }
  zip.end();
  expect(finished).toBe(true);
  return new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
}

describe('NativeDeflateEntry', () => {
  const rows = Array.from({ length: 4000 }, (_, i) => `${i},/api/users/${i % 97},"a ""quoted"" field",ü€😀\r\n`);
  const files = {
    'a.requests.csv': [rows.slice(0, 1000).join(''), '', rows.slice(1000).join('')],
    'b.empty.csv': [],
    'c.small.csv': ['kind\r\n'],
  };

  it('unzips to exactly the text written, file by file, in order', async () => {
    const unzipped = unzipSync(await zipOf(files));
    expect(Object.keys(unzipped)).toEqual(Object.keys(files));
    for (const [name, chunks] of Object.entries(files)) expect(strFromU8(unzipped[name]!)).toBe(chunks.join(''));
  });

  it('records deflate, the CRC-32 and both sizes of every file, and its data inflates with zlib', async () => {
    const zip = await zipOf(files);
    const entries = centralDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual(Object.keys(files));
    for (const entry of entries) {
      const text = new TextEncoder().encode(files[entry.name as keyof typeof files].join(''));
      expect(entry.method).toBe(8);
      expect(entry.size).toBe(text.length);
      expect(entry.crc).toBe(crc32(text));
      const nameLength = zip[entry.localHeader + 26]! | (zip[entry.localHeader + 27]! << 8);
      const extraLength = zip[entry.localHeader + 28]! | (zip[entry.localHeader + 29]! << 8);
      const data = zip.subarray(entry.localHeader + 30 + nameLength + extraLength, entry.localHeader + 30 + nameLength + extraLength + entry.compressedSize);
      expect(strFromU8(inflateRawSync(data))).toBe(strFromU8(text));
    }
  });

  it('compresses repetitive text', async () => {
    const entries = centralDirectory(await zipOf({ 'a.csv': [rows.join('')] }));
    expect(entries[0]!.compressedSize).toBeLessThan(entries[0]!.size / 4);
  });

  it('refuses bytes before it belongs to a zip', async () => {
    const entry = new NativeDeflateEntry('alone.csv', new Date());
    await expect(entry.end()).rejects.toThrow(/add the entry to the zip/);
  });
});

async function* chunksOf(chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}

describe('zipOfDeflated', () => {
  const rows = Array.from({ length: 6000 }, (_, i) => `${i % 7},${1_700_000_000_000 + i * 37},/api/items/${i % 101},"x ""y""",ü😀\r\n`);
  const files = {
    's.views.csv': ['view_id\r\n', 'v1\r\n'],
    's.samples.csv': [rows.slice(0, 2500).join(''), rows.slice(2500).join('')],
    's.requests.csv': [rows.slice(0, 10).join(''), '', rows.slice(10).join('')],
    's.alerts.csv': [],
  };

  it('is byte for byte the zip streamed through NativeDeflateEntry, however the bytes were cut', async () => {
    const streamed = await zipOf(files);
    const deflated = await Promise.all(
      Object.entries(files).map(async ([name, chunks], i) => {
        if (i % 2 === 0) return { name, file: await deflateText(chunksOf(chunks)) };
        // As the panel deflates the bytes a worker sends: encoded already, in other cuts.
        const bytes = new TextEncoder().encode(chunks.join(''));
        const deflater = createDeflater();
        for (let at = 0; at < bytes.length; at += 65_521) await deflater.push(bytes.slice(at, at + 65_521));
        return { name, file: await deflater.end() };
      }),
    );
    const laidOut = new Uint8Array(await zipOfDeflated(deflated, MTIME).arrayBuffer());
    expect(laidOut.length).toBe(streamed.length);
    expect(Buffer.from(laidOut).equals(Buffer.from(streamed))).toBe(true);
    const unzipped = unzipSync(laidOut);
    for (const [name, chunks] of Object.entries(files)) expect(strFromU8(unzipped[name]!)).toBe(chunks.join(''));
  });
});
