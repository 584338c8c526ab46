/**
 * Reading stored sessions in the panel page, over fake-indexeddb and the real schema: the paged
 * cursor reads (edges of the page logic not covered by tests/unit/sessions-store.test.ts), the
 * exporter input, and the "session is gone" error.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../src/storage/db';
import type { SessionData } from '../../../../src/core/model';
import { loadStoredSession, PAGE_SIZE, readExportInput, readRecords, sessionGone, storeSession } from '../../../../src/panel/sessions/stored-session';
import { SessionStore } from '../../../../src/storage/session-store';
import { chunksOf, CHUNK_STORES } from '../../../../src/storage/record-chunks';
import { createSyntheticSession } from '../../../fixtures/sessions/synthetic';

let db: Database;

beforeAll(async () => {
  db = await openDatabase(`panel-stored-session-${Math.random()}`);
});

/** Stores a session's samples and requests in chunks of `size` records (the page logic reads whole chunks). */
async function storeInChunks(db: Database, data: SessionData, size: number): Promise<void> {
  await new SessionStore(db).putSessionData({ ...data, samples: [], requests: [] });
  for (const table of ['samples', 'requests'] as const)
    for (const chunk of chunksOf(data.session.id, data[table] as { t: number }[], size)) await db.add(CHUNK_STORES[table], chunk as never);
}

async function collect<T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A small synthetic session with its own id (synthetic ids depend on the seed only). */
function session(id: string, options: Parameters<typeof createSyntheticSession>[0] = {}): SessionData {
  const data = createSyntheticSession({ samples: 0, requests: 0, alerts: 0, views: 1, ...options });
  return {
    session: { ...data.session, id },
    views: data.views.map((view) => ({ ...view, sessionId: id })),
    samples: data.samples,
    requests: data.requests,
    alerts: data.alerts.map((alert, i) => ({ ...alert, id: `${id}-alert-${i}` })),
  };
}

describe('readRecords', () => {
  it('reads nothing, and reports no page, for a session without records', async () => {
    await storeSession(db, session('empty'));
    const pages: number[] = [];
    expect(await collect(readRecords(db, 'requests', 'empty', { onRead: (n) => pages.push(n) }))).toEqual([]);
    expect(await collect(readRecords(db, 'samples', 'never-stored'))).toEqual([]);
    expect(pages).toEqual([]);
  });

  it('reads a table that is an exact number of pages once, without an empty last page reported', async () => {
    const data = session('exact', { seed: 21, requests: 6 });
    await storeInChunks(db, data, 3);
    const pages: number[] = [];
    const read = await collect(readRecords(db, 'requests', 'exact', { pageSize: 3, onRead: (n) => pages.push(n) }));
    expect(read).toHaveLength(6);
    expect(pages).toEqual([3, 3]);
  });

  it('treats a page size below 1 as 1', async () => {
    const data = session('tiny-pages', { seed: 22, requests: 3 });
    await storeInChunks(db, data, 1);
    const pages: number[] = [];
    const read = await collect(readRecords(db, 'requests', 'tiny-pages', { pageSize: 0, onRead: (n) => pages.push(n) }));
    expect(read).toHaveLength(3);
    expect(pages).toEqual([1, 1, 1]);
  });

  it('reads only the session asked for, not one whose id starts the same', async () => {
    await storeSession(db, session('s1', { seed: 23, requests: 4, samples: 3, alerts: 2 }));
    await storeSession(db, session('s10', { seed: 24, requests: 7, samples: 5, alerts: 3 }));
    await storeSession(db, session('s1 ', { seed: 25, requests: 2, samples: 1, alerts: 1 }));
    expect(await collect(readRecords(db, 'requests', 's1', { pageSize: 2 }))).toHaveLength(4);
    expect(await collect(readRecords(db, 'samples', 's1', { pageSize: 2 }))).toHaveLength(3);
    expect(await collect(readRecords(db, 'alerts', 's1', { pageSize: 2 }))).toHaveLength(2);
    expect(await collect(readRecords(db, 'requests', 's10'))).toHaveLength(7);
  });

  it('reads samples and alerts in time order whatever the order they were stored in, without sessionId', async () => {
    const data = session('unordered', { seed: 26, samples: 12, alerts: 5 });
    data.samples.reverse();
    data.alerts.reverse();
    await storeSession(db, data);
    const samples = await collect(readRecords(db, 'samples', 'unordered', { pageSize: 5 }));
    const alerts = await collect(readRecords(db, 'alerts', 'unordered', { pageSize: 2 }));
    expect(samples.map((s) => s.t)).toEqual(data.samples.map((s) => s.t).sort((a, b) => a - b));
    expect(alerts.map((a) => a.t)).toEqual(data.alerts.map((a) => a.t).sort((a, b) => a - b));
    expect(samples.every((s) => !('sessionId' in s) && ['vital', 'loaf', 'memory'].includes(s.kind))).toBe(true);
    expect(alerts.every((a) => !('sessionId' in a) && a.kind === 'alert')).toBe(true);
    // The records are the stored ones, field for field.
    expect([...alerts].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...data.alerts].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('stops before reading when the signal is already aborted, with the signal’s reason', async () => {
    await storeSession(db, session('aborted', { seed: 27, requests: 3 }));
    const abort = new AbortController();
    abort.abort(new Error('The user closed the dialog.'));
    await expect(collect(readRecords(db, 'requests', 'aborted', { signal: abort.signal }))).rejects.toThrow('The user closed the dialog.');
  });

  it('reads about ten thousand records per transaction by default, in whole chunks', async () => {
    expect(PAGE_SIZE).toBe(10_000);
    const data = session('default-pages', { seed: 28, samples: 10_001 });
    await storeSession(db, data);
    const pages: number[] = [];
    await collect(readRecords(db, 'samples', 'default-pages', { onRead: (n) => pages.push(n) }));
    expect(pages).toEqual([10_000, 1]);
  });

  it('reads every record once when more records than a page share one timestamp', async () => {
    const data = session('ties', { seed: 30, requests: 23 });
    data.requests.forEach((r, i) => (r.t = i < 17 ? 1000 : 2000 + (i % 2)));
    await storeInChunks(db, data, 4);
    const pages: number[] = [];
    const read = await collect(readRecords(db, 'requests', 'ties', { pageSize: 4, onRead: (n) => pages.push(n) }));
    expect(read).toHaveLength(23);
    expect(new Set(read.map((r) => JSON.stringify(r))).size).toBe(new Set(data.requests.map((r) => JSON.stringify(r))).size);
    expect(read.map((r) => r.t)).toEqual(data.requests.map((r) => r.t).sort((a, b) => a - b));
    expect(pages.every((n) => n <= 4)).toBe(true);
  });
});

describe('readExportInput', () => {
  it('gives the session, its views in start order, the tables as streams and the record total', async () => {
    const data = session('input', { seed: 29, views: 4, requests: 9, samples: 6, alerts: 2 });
    data.views.reverse();
    await storeSession(db, data);
    const input = await readExportInput(db, 'input', { pageSize: 4 });
    expect(input.session).toEqual(data.session);
    expect(input.views.map((v) => v.startTime)).toEqual(data.views.map((v) => v.startTime).sort((a, b) => a - b));
    expect(input.total).toBe(data.session.counts.samples + data.session.counts.requests + data.session.counts.alerts);
    expect(await collect(input.requests)).toHaveLength(9);
    expect(await collect(input.samples)).toHaveLength(6);
    expect(await collect(input.alerts)).toHaveLength(2);
  });

  it('says the session is gone, and what to do, when it is not stored', async () => {
    await expect(readExportInput(db, 'deleted-meanwhile')).rejects.toThrow(
      'Session deleted-meanwhile is no longer stored (deleted, or evicted to stay within the storage limit). Refresh the list and pick another one.',
    );
  });
});

describe('storeSession and loadStoredSession', () => {
  it('stores a whole session and loads it back as it was', async () => {
    const data = session('round-trip', { seed: 30, views: 3, requests: 20, samples: 15, alerts: 4 });
    expect(await storeSession(db, data)).toEqual(data.session);
    const loaded = await loadStoredSession(db, 'round-trip');
    expect(loaded.session).toEqual(data.session);
    expect(loaded.views).toHaveLength(3);
    const byT = <T extends { t: number }>(list: T[]) => [...list].sort((a, b) => a.t - b.t);
    expect(byT(loaded.requests)).toEqual(byT(data.requests));
    expect(loaded.samples).toHaveLength(15);
    expect(loaded.alerts).toHaveLength(4);
  });

  it('says the session is gone when loading one that is not stored', async () => {
    await expect(loadStoredSession(db, 'nope')).rejects.toThrow(sessionGone('nope').message);
  });
});
