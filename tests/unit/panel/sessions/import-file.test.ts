/**
 * Importing a session file in the panel: the Blob read chunk by chunk (and cancelled when the
 * reader stops early), the size limit checked before reading, progress, and the end time an
 * imported session gets when it was exported while recording.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/storage/db';
import type { SessionData } from '../../../../src/core/model';
import { exportHar, exportInputFrom, exportJson, ImportError, streamToString } from '../../../../src/core/sessions/index';
import { blobChunks, importSessionFile, MAX_IMPORT_BYTES, readSessionFile } from '../../../../src/panel/sessions/import-file';
import { loadStoredSession } from '../../../../src/panel/sessions/stored-session';
import { createSyntheticSession } from '../../../fixtures/sessions/synthetic';

let db: Database;

beforeAll(async () => {
  db = await openDatabase(`panel-import-file-${Math.random()}`);
});

/** A Blob-like whose stream yields the given chunks and records whether it was cancelled. */
function controlledBlob(chunks: Uint8Array[]) {
  const state = { cancelled: false, pulls: 0, streams: 0, stream: null as ReadableStream<Uint8Array> | null };
  const blob = {
    size: chunks.reduce((n, c) => n + c.byteLength, 0),
    stream() {
      state.streams++;
      let i = 0;
      state.stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          state.pulls++;
          if (i < chunks.length) controller.enqueue(chunks[i++]!);
          else controller.close();
        },
        cancel() {
          state.cancelled = true;
        },
      });
      return state.stream;
    },
  } as unknown as Blob;
  return { blob, state };
}

/** The end of a session as its last record: views start, samples and alerts at t, requests end at t + duration. */
function lastRecordTime(data: SessionData): number {
  return Math.max(
    data.session.startTime,
    ...data.views.map((v) => v.startTime),
    ...data.samples.map((s) => s.t),
    ...data.requests.map((r) => r.t + r.duration),
    ...data.alerts.map((a) => a.t),
  );
}

describe('blobChunks', () => {
  it('yields every byte of a Blob in order and reports the bytes read', async () => {
    const text = 'é'.repeat(100_000);
    const blob = new Blob([text]);
    let reported = 0;
    const parts: Uint8Array[] = [];
    for await (const chunk of blobChunks(blob, (n) => (reported += n))) parts.push(chunk);
    expect(reported).toBe(blob.size);
    expect(reported).toBe(200_000);
    expect(new TextDecoder().decode(Buffer.concat(parts))).toBe(text);
  });

  it('yields nothing for an empty Blob', async () => {
    const parts: Uint8Array[] = [];
    for await (const chunk of blobChunks(new Blob([]))) parts.push(chunk);
    expect(parts).toEqual([]);
  });

  it('cancels the read and releases the stream when the reader stops early', async () => {
    const { blob, state } = controlledBlob([new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4])]);
    for await (const chunk of blobChunks(blob)) {
      expect([...chunk]).toEqual([1, 2]);
      break;
    }
    expect(state.cancelled).toBe(true);
    expect(state.stream!.locked).toBe(false);
  });

  it('does not cancel a stream it read to the end', async () => {
    const { blob, state } = controlledBlob([new Uint8Array([1]), new Uint8Array([2, 3])]);
    const bytes: number[] = [];
    for await (const chunk of blobChunks(blob)) bytes.push(...chunk);
    expect(bytes).toEqual([1, 2, 3]);
    expect(state.cancelled).toBe(false);
    expect(state.stream!.locked).toBe(false);
  });
});

describe('readSessionFile', () => {
  const data = createSyntheticSession({ seed: 41, views: 3, requests: 400, samples: 300, alerts: 4 });

  it('allows 200 MB by default', () => {
    expect(MAX_IMPORT_BYTES).toBe(200 * 1024 * 1024);
  });

  it('refuses a file over the limit from its size alone, without reading it', async () => {
    const { blob, state } = controlledBlob([new Uint8Array(10)]);
    await expect(readSessionFile(blob, { maxBytes: 9 })).rejects.toBeInstanceOf(ImportError);
    expect(state.streams).toBe(0);
  });

  it('accepts a file of exactly the limit', async () => {
    const text = await streamToString(exportJson(exportInputFrom(data), { sanitize: false }));
    const file = new Blob([text]);
    const imported = await readSessionFile(file, { maxBytes: file.size });
    expect(imported.format).toBe('json');
    expect(imported.data.requests).toHaveLength(400);
  });

  it('reports progress as a growing fraction of the file that ends at 1', async () => {
    const text = await streamToString(exportJson(exportInputFrom(data), { sanitize: false }));
    expect(text.length).toBeGreaterThan(3 * 65_536);
    const fractions: number[] = [];
    // Several parts, as a File read from disk arrives in several chunks.
    const parts = Array.from({ length: Math.ceil(text.length / 50_000) }, (_, i) => text.slice(i * 50_000, (i + 1) * 50_000));
    await readSessionFile(new Blob(parts), { onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(2);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions[0]!).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBe(1);
  });

  it('gives a session exported while recording the time of its last record as end time', async () => {
    const recording: SessionData = { ...data, session: { ...data.session, endTime: null } };
    // A slow request started before the last record (of any kind) ends after all of them.
    const last = lastRecordTime(recording);
    recording.requests = [...recording.requests, { ...recording.requests[0]!, t: last - 10, duration: 5000, url: 'https://admin.example.test/api/slow' }];
    const text = await streamToString(exportJson(exportInputFrom(recording), { sanitize: false }));
    const imported = await readSessionFile(new Blob([text]));
    expect(imported.data.session.endTime).toBe(last - 10 + 5000);
  });

  it('keeps the end time of a finished session', async () => {
    const finished: SessionData = { ...data, session: { ...data.session, endTime: data.session.startTime + 123 } };
    const text = await streamToString(exportJson(exportInputFrom(finished), { sanitize: false }));
    expect((await readSessionFile(new Blob([text]))).data.session.endTime).toBe(data.session.startTime + 123);
  });

  it('ends an empty recording session at its start', async () => {
    const empty: SessionData = { session: { ...data.session, endTime: null, counts: { views: 0, samples: 0, requests: 0, alerts: 0 } }, views: [], samples: [], requests: [], alerts: [] };
    const text = await streamToString(exportJson(exportInputFrom(empty), { sanitize: false }));
    const imported = await readSessionFile(new Blob([text]));
    expect(imported.data.session.endTime).toBe(imported.data.session.startTime);
  });

  it('gives an imported HAR an end time at its last request', async () => {
    const text = await streamToString(exportHar(exportInputFrom(data), { sanitize: false }));
    const imported = await readSessionFile(new Blob([text]));
    expect(imported.format).toBe('har');
    expect(imported.data.session.endTime).not.toBeNull();
    expect(imported.data.session.endTime).toBe(lastRecordTime(imported.data));
  });

  it('says what is wrong with a file that is not a session', async () => {
    await expect(readSessionFile(new Blob(['']))).rejects.toThrow(/empty/);
    await expect(readSessionFile(new Blob(['{"hello":"world"}']))).rejects.toBeInstanceOf(ImportError);
    await expect(readSessionFile(new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0x7b])]))).rejects.toBeInstanceOf(ImportError);
  });
});

describe('importSessionFile', () => {
  it('stores the imported session with its end time', async () => {
    const data = createSyntheticSession({ seed: 42, views: 2, requests: 30, samples: 20, alerts: 1 });
    const recording: SessionData = { ...data, session: { ...data.session, endTime: null } };
    const text = await streamToString(exportJson(exportInputFrom(recording), { sanitize: false }));
    const imported = await importSessionFile(db, new Blob([text]));
    const stored = await loadStoredSession(db, imported.data.session.id);
    expect(stored.session.endTime).toBe(lastRecordTime(recording));
    expect(stored.session.origin).toBe('imported-json');
    expect(stored.requests).toHaveLength(30);
  });
});
