/**
 * Paged reads of a session that is still recording, over fake-indexeddb: what the recorder
 * appends to the last chunk after the reader passed it, and how those records are told apart.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../../src/core/model';
import { openDatabase } from '../../../src/storage/db';
import { appendedSince, readRecords } from '../../../src/storage/paged-reads';
import { byTime, CHUNK_RECORDS } from '../../../src/storage/record-chunks';
import { SessionStore } from '../../../src/storage/session-store';
import { createSyntheticSession } from '../../fixtures/sessions/synthetic';

describe('readRecords while the session records', () => {
  it('reads the records appended to the last chunk after the reader had read it', async () => {
    const db = await openDatabase(`paged-live-${Math.random()}`);
    const store = new SessionStore(db);
    const session = await store.createSession({ tabId: 1, url: 'https://a.test/', title: 'A' });
    const data = createSyntheticSession({ seed: 51, samples: CHUNK_RECORDS + 150, requests: 0, views: 1 });
    const v = data.views[0]!;
    const view = { kind: 'view' as const, id: v.id, url: v.url, startTime: v.startTime, viewKind: 'hard' as const, navigationType: 'navigate' as const };
    const samples = byTime(data.samples);
    const early = samples.slice(0, CHUNK_RECORDS + 100);
    const late = samples.slice(CHUNK_RECORDS + 100);
    await store.commitBatch(session.id, 'p:0', [view, ...early]);

    const read: MetricSample[] = [];
    let appended = false;
    // One chunk per page: the second (last) chunk, 100 records, is read before the first record comes out.
    for await (const sample of readRecords(db, 'samples', session.id, { pageSize: CHUNK_RECORDS })) {
      read.push(sample);
      if (!appended) {
        appended = true;
        // Later than everything read: goes into the last chunk, which has room.
        await store.commitBatch(session.id, 'p:1', late);
      }
    }
    const chunks = await db.getAllFromIndex('sample-chunks', 'by-session', IDBKeyRange.bound([session.id, -Infinity], [session.id, Infinity]));
    expect(chunks.map((c) => c.records.length)).toEqual([CHUNK_RECORDS, 150]);
    expect(read).toEqual(samples);
  });
});

describe('appendedSince', () => {
  const r = (t: number, v = 0) => ({ t, v });

  it('finds records merged in between the old ones, and nothing when the chunk did not grow', () => {
    const before = [r(1), r(3), r(5)];
    expect(appendedSince(before, [r(1), r(2), r(3), r(5), r(6)])).toEqual([r(2), r(6)]);
    expect(appendedSince(before, [r(1), r(3), r(5)])).toEqual([]);
    expect(appendedSince([], [r(1)])).toEqual([r(1)]);
  });

  it('takes what lies past the old length when an old record changed in place', () => {
    expect(appendedSince([r(1), r(3)], [r(1), r(3, 9), r(4)])).toEqual([r(4)]);
  });
});
