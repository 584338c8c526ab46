/**
 * The export's file writer (what its worker runs): text across Blob parts comes out whole and in
 * order with its type; a zip holds each file written; calls out of order are refused clearly.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createFileWriter } from '../../../../src/panel/sessions/file-writer';

describe('createFileWriter', () => {
  it('writes text of several Blob parts (4 M characters each) whole, in order, with its type', async () => {
    const writer = createFileWriter({ type: 'text', mimeType: 'application/json;charset=utf-8' });
    const chunks = Array.from({ length: 70 }, (_, i) => `${String(i).padStart(2, '0')}é`.repeat(30_000));
    for (let i = 0; i < chunks.length; i += 7) await writer.write(chunks.slice(i, i + 7));
    await writer.endFile();
    const blob = await writer.finish();
    expect(blob.type).toBe('application/json;charset=utf-8');
    expect(await blob.text()).toBe(chunks.join(''));
  });

  it('zips each file begun, with the text written to it', async () => {
    const writer = createFileWriter({ type: 'zip' });
    for (const [name, text] of [['a.csv', 'x,y\r\n1,2\r\n'], ['b.csv', '']] as const) {
      await writer.beginFile(name);
      if (text) await writer.write([text.slice(0, 4), text.slice(4)]);
      await writer.endFile();
    }
    const blob = await writer.finish();
    expect(blob.type).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]))).toEqual({ 'a.csv': 'x,y\r\n1,2\r\n', 'b.csv': '' });
  });

  it('takes text as UTF-8 bytes too (what the panel moves to the zip worker), mixed with strings', async () => {
    const writer = createFileWriter({ type: 'zip' });
    await writer.beginFile('a.csv');
    await writer.write([new TextEncoder().encode('name,é\r\n'), 'x,', new TextEncoder().encode('1\r\n')]);
    await writer.endFile();
    const files = unzipSync(new Uint8Array(await (await writer.finish()).arrayBuffer()));
    expect(strFromU8(files['a.csv']!)).toBe('name,é\r\nx,1\r\n');
  });

  it('refuses text before a file of the zip is begun, and a file begun before the last one ended', async () => {
    const writer = createFileWriter({ type: 'zip' });
    await expect(writer.write(['x'])).rejects.toThrow(/No file of the zip has been started/);
    await writer.beginFile('a.csv');
    await expect(writer.beginFile('b.csv')).rejects.toThrow(/Start b\.csv after the previous file of the zip has ended/);
  });
});
