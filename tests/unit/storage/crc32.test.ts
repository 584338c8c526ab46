/**
 * CRC-32 eight bytes at a time: the check value of the standard, the same result as the
 * byte-at-a-time definition for any bytes and any length, and continued over chunks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/storage/body-compression';

/** The definition, one bit at a time (reflected polynomial 0xEDB88320). */
function crcByBits(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32', () => {
  it('gives the standard check value of "123456789" and 0 for nothing', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('equals the bitwise definition for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32(bytes) === crcByBits(bytes)));
  });

  it('continues over chunks split anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, at) => {
        const cut = bytes.length ? at % (bytes.length + 1) : 0;
        return crc32(bytes.subarray(cut), crc32(bytes.subarray(0, cut))) === crc32(bytes);
      }),
    );
  });
});
