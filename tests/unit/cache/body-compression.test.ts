import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBody, encodeBody, gunzip, gzip } from '../../../src/storage/body-compression';

describe('cache body compression (CompressionStream gzip)', () => {
  it('round-trips any body, compressed or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.boolean(), async (bytes, compress) => {
        const raw = new Uint8Array(bytes);
        const stored = await encodeBody(raw, compress);
        expect(await decodeBody(stored, raw.byteLength)).toEqual(raw);
      }),
      { numRuns: 60 },
    );
  });

  it('shrinks repetitive JSON and keeps incompressible bytes as they are', async () => {
    const json = new TextEncoder().encode(JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, name: `User ${i}`, role: 'admin' }))));
    const stored = await encodeBody(json, true);
    expect(stored.compressed).toBe(true);
    expect(stored.data.byteLength).toBeLessThan(json.byteLength / 4);
    const noise = await gzip(crypto.getRandomValues(new Uint8Array(2000)));
    const again = await encodeBody(noise, true);
    expect(again.compressed).toBe(false);
  });

  it('reports damaged bodies instead of returning wrong bytes', async () => {
    const raw = new TextEncoder().encode('{"a":1}'.repeat(200));
    const stored = await encodeBody(raw, true);
    const flipped = new Uint8Array(stored.data);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    expect(await decodeBody({ ...stored, data: flipped }, raw.byteLength)).toBeNull();
    expect(await decodeBody({ ...stored, data: stored.data.slice(0, 10) }, raw.byteLength)).toBeNull();
    expect(await decodeBody({ compressed: false, data: raw.slice(1), crc: stored.crc }, raw.byteLength)).toBeNull();
    expect(await decodeBody({ compressed: 'yes', data: raw, crc: stored.crc }, raw.byteLength)).toBeNull();
    // An uncompressed body with a flipped byte keeps its length: the checksum catches it.
    const plain = await encodeBody(new TextEncoder().encode('{"id":53}'), false);
    const tampered = new Uint8Array(plain.data);
    tampered[6] = 0x34;
    expect(await decodeBody({ ...plain, data: tampered }, plain.data.byteLength)).toBeNull();
    expect(await decodeBody(plain, plain.data.byteLength)).toEqual(plain.data);
    expect(await decodeBody(null, 0)).toBeNull();
    await expect(gunzip(new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });
});
