/**
 * The sweep of imports that never finished (their page closed half-way), over fake-indexeddb
 * and a stand-in for the Web Locks API.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/storage/db';
import { holdingImportLock, importLockName, sweepOrphanedImports, writeImportBatch, type ImportLocks } from '../../../src/storage/import-writes';
import { SessionStore } from '../../../src/storage/session-store';
import { createSyntheticSession } from '../../fixtures/sessions/synthetic';

/** Locks held by name, as navigator.locks keeps them (exclusive, released when `run` ends). */
function fakeLocks(): ImportLocks & { held: Set<string> } {
  const held = new Set<string>();
  return {
    held,
    async request(name, run) {
      if (held.has(name)) throw new Error(`${name} is held`);
      held.add(name);
      try {
        return await run();
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })), pending: [] }),
  };
}

/** A batch of an import with a session id of its own: views, samples, requests and alerts. */
async function writeBatch(db: Database, sessionId: string, seed: number, withRow = false): Promise<void> {
  const data = createSyntheticSession({ seed, samples: 30, requests: 10, alerts: 2, views: 2 });
  const records = {
    views: data.views.map((v) => ({ ...v, id: `${sessionId}/${v.id}`, sessionId })),
    samples: data.samples,
    requests: data.requests,
    alerts: data.alerts.map((a) => ({ ...a, id: `${sessionId}/${a.id}` })),
  };
  await writeImportBatch(db, sessionId, records, withRow ? { ...data.session, id: sessionId } : undefined);
}

const counts = async (db: Database) => ({
  sessions: await db.count('sessions'),
  views: await db.count('views'),
  samples: await db.count('sample-chunks'),
  requests: await db.count('request-chunks'),
  alerts: await db.count('alerts'),
});

describe('sweepOrphanedImports', () => {
  it('removes the batches of an import that died, and keeps finished, running and recording sessions', async () => {
    const db = await openDatabase(`sweep-${Math.random()}`);
    const locks = fakeLocks();
    await writeBatch(db, 'finished', 1, true);
    const recording = await new SessionStore(db).createSession({ tabId: 3, url: 'https://a.test/', title: 'A' });
    const kept = await counts(db);
    let removed: string[] = [];
    await holdingImportLock(
      'running',
      async () => {
        await writeBatch(db, 'running', 4);
        const withRunning = await counts(db);
        // Two batches, no row, no lock: their panel closed mid-import.
        await writeBatch(db, 'died', 2);
        await writeBatch(db, 'died', 3);
        expect((await counts(db)).samples).toBeGreaterThan(withRunning.samples);
        removed = await sweepOrphanedImports(db, locks);
        // The running import's batches stay; the dead one's are gone.
        expect(await counts(db)).toEqual(withRunning);
      },
      locks,
    );
    expect(removed).toEqual(['died']);
    expect(await db.get('sessions', recording.id)).toBeDefined();
    expect(await db.get('sessions', 'finished')).toBeDefined();
    expect(await db.getAllFromIndex('views', 'by-session', IDBKeyRange.bound(['died', -Infinity], ['died', Infinity]))).toEqual([]);
    expect(await db.countFromIndex('views', 'by-session', IDBKeyRange.bound(['running', -Infinity], ['running', Infinity]))).toBe(2);

    // Once its lock is gone without a row, the other one is a leftover too.
    expect(locks.held.has(importLockName('running'))).toBe(false);
    expect(await sweepOrphanedImports(db, locks)).toEqual(['running']);
    expect(await counts(db)).toEqual(kept);
  });

  it('removes nothing when running imports cannot be told apart (no Web Locks)', async () => {
    const db = await openDatabase(`sweep-nolocks-${Math.random()}`);
    await writeBatch(db, 'unknown', 5);
    const before = await counts(db);
    expect(await sweepOrphanedImports(db, null)).toEqual([]);
    expect(await counts(db)).toEqual(before);
  });
});
