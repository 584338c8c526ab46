/**
 * The import worker's job, on fake-indexeddb (pure logic; the real worker and IndexedDB are
 * covered by tests/e2e/session-import.e2e.ts): the session stored as the old one-transaction
 * path stores it, invisible until its last batch, progress in bytes, and nothing left after
 * a failure.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportInputFrom, exportJson } from '../../../../src/core/sessions/index';
import { openDatabase, sessionRange, type Database } from '../../../../src/storage/db';
import { SessionStore } from '../../../../src/storage/session-store';
import { runImportJob, type ImportJobMessage } from '../../../../src/panel/sessions/import-job';
import { importSessionFile } from '../../../../src/panel/sessions/import-file';
import { collect, EXPORTED_AT, smallSession } from '../../sessions/helpers';

let db: Database;
let text: string;

beforeAll(async () => {
  db = await openDatabase(`import-job-${Math.random()}`);
  text = await collect(exportJson(exportInputFrom(smallSession()), { now: EXPORTED_AT, sanitize: false }));
});

/** A Blob whose stream gives `text` in chunks and runs `between` before each chunk after the first. */
function steppedBlob(body: string, size: number, between: () => Promise<void>): Blob {
  const bytes = new TextEncoder().encode(body);
  let at = 0;
  return {
    size: bytes.byteLength,
    stream: () =>
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (at > 0) await between();
          if (at >= bytes.byteLength) return controller.close();
          controller.enqueue(bytes.slice(at, at + size));
          at += size;
        },
      }),
  } as unknown as Blob;
}

async function recordsOf(sessionId: string): Promise<number> {
  const range = sessionRange(sessionId);
  const counts = await Promise.all((['views', 'alerts'] as const).map((store) => db.countFromIndex(store, 'by-session', range)));
  // Samples and requests are stored in chunks: count their records.
  for (const store of ['sample-chunks', 'request-chunks'] as const) {
    for (const chunk of await db.getAllFromIndex(store, 'by-session', range)) counts.push(chunk.records.length);
  }
  return counts.reduce((a, b) => a + b, 0);
}

describe('runImportJob', () => {
  it('stores what the one-transaction path stores; the session is invisible until the last batch', async () => {
    const messages: ImportJobMessage[] = [];
    const visibleWhileReading: boolean[] = [];
    const recordsWhileReading: number[] = [];
    const store = new SessionStore(db);
    const blob = steppedBlob(text, 8192, async () => {
      visibleWhileReading.push((await store.listSessions()).some((s) => s.id === 'job-1'));
      recordsWhileReading.push(await recordsOf('job-1'));
    });
    let clock = 0;
    await runImportJob(db, { file: blob, sessionId: 'job-1', maxBytes: 10_000_000 }, (m) => messages.push(m), { batchSize: 100, now: () => (clock += 60) });
    const done = messages.at(-1)!;
    expect(done).toMatchObject({ type: 'done', format: 'json' });
    // Batches were written while the file was read, and no session showed until the end.
    expect(visibleWhileReading.every((v) => !v)).toBe(true);
    expect(Math.max(...recordsWhileReading)).toBeGreaterThan(500);

    const old = await importSessionFile(db, new Blob([text]), {});
    const oldStored = (await store.loadSession(old.data.session.id))!;
    const stored = (await store.loadSession('job-1'))!;
    const rescope = (id: string) => id.replace('job-1/', `${old.data.session.id}/`);
    expect({
      ...stored,
      session: { ...stored.session, id: old.data.session.id },
      views: stored.views.map((v) => ({ ...v, id: rescope(v.id), sessionId: old.data.session.id })),
      samples: stored.samples.map((s) => ({ ...s, viewId: rescope(s.viewId) })),
      requests: stored.requests.map((r) => ({ ...r, viewId: rescope(r.viewId) })),
      alerts: stored.alerts.map((a) => ({ ...a, id: rescope(a.id), viewId: rescope(a.viewId) })),
    }).toEqual(oldStored);

    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((m) => m.total === blob.size)).toBe(true);
    expect(progress.at(-1)).toEqual({ type: 'progress', bytes: blob.size, total: blob.size });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytes).toBeGreaterThan(progress[i - 1]!.bytes);
  });

  it('posts progress at most every 100 ms, and the end of the file always', async () => {
    const messages: ImportJobMessage[] = [];
    let clock = 0;
    const blob = steppedBlob(text, 4096, async () => {});
    await runImportJob(db, { file: blob, sessionId: 'job-2', maxBytes: 10_000_000 }, (m) => messages.push(m), { now: () => (clock += 10) });
    const progress = messages.filter((m) => m.type === 'progress');
    const chunks = Math.ceil(blob.size / 4096);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(chunks / 10) + 1);
    expect(progress.at(-1)).toMatchObject({ bytes: blob.size });
  });

  it('removes every batch it wrote when the file turns out bad, and says what and where', async () => {
    const lines = text.split('\n');
    const last = lines.findLastIndex((l) => l.startsWith('{"kind":"request"'));
    lines[last] = lines[last]!.replace(/"t":([\d.]+)/, '"t":"$1"');
    const messages: ImportJobMessage[] = [];
    let written = 0;
    const blob = steppedBlob(lines.join('\n'), 8192, async () => {
      written = Math.max(written, await recordsOf('job-3'));
    });
    await runImportJob(db, { file: blob, sessionId: 'job-3', maxBytes: 10_000_000 }, (m) => messages.push(m), { batchSize: 100 });
    expect(written).toBeGreaterThan(500);
    expect(messages.at(-1)).toEqual({ type: 'failed', invalid: true, message: expect.stringMatching(/^requests\[249\]\.t: expected a number, got "[\d.]+"$/) });
    expect(await recordsOf('job-3')).toBe(0);
    expect(await new SessionStore(db).getSession('job-3')).toBeUndefined();
  });

  it('says a storage failure is no bad file, and leaves nothing', async () => {
    const closed = await openDatabase(`import-job-closed-${Math.random()}`);
    closed.close();
    const messages: ImportJobMessage[] = [];
    await runImportJob(closed, { file: new Blob([text]), sessionId: 'job-4', maxBytes: 10_000_000 }, (m) => messages.push(m));
    expect(messages.at(-1)).toMatchObject({ type: 'failed', invalid: false });
  });
});
