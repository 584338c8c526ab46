import { enrichRequest, matchEntry, MATCH_TOLERANCE_MS, type EnrichOptions, type NetworkEntry } from '../core/capture/network-enrichment';
import type { MetricSample, RequestRecord, Session, SessionData, View } from '../core/model';
import type { CaptureItem, RetentionStatus } from '../shared/protocol';
import { sessionRange, type Database } from './db';
import { byTime, CHUNK_RECORDS, ChunkMerger, chunkOf, chunksOf, mergeByTime, type RecordChunk } from './record-chunks';

export interface RetentionLimits {
  maxSessions: number;
  maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionLimits = { maxSessions: 50, maxBytes: 256 * 1024 * 1024 };

/**
 * A recording session's own cap: a quarter of the retention limit, so one heavy page cannot make
 * retention evict every other session. At the cap the session keeps its views and vitals (small,
 * and what comparisons need) and stops storing the bulky kinds: requests, long frames, memory.
 */
export const DEFAULT_SESSION_CAP_BYTES = DEFAULT_RETENTION.maxBytes / 4;

export type CommitResult =
  | {
      status: 'stored';
      views: View[];
      samples: MetricSample[];
      requests: RequestRecord[];
      counts: Session['counts'];
      /** Items of this batch not stored because the session reached its cap (0 below it). */
      notStoredAtCap: number;
    }
  | { status: 'duplicate' }
  | { status: 'no-session' };

const strip = <T extends { sessionId: string }>({ sessionId: _sessionId, ...rest }: T): Omit<T, 'sessionId'> => rest;

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Sessions and everything inside them, in IndexedDB. Each write is one transaction. */
export class SessionStore {
  constructor(private readonly db: Database) {}

  async createSession(init: { tabId: number; url: string; title: string; origin?: Session['origin']; name?: string }): Promise<Session> {
    const startTime = Date.now();
    const session: Session = {
      id: newId(),
      tabId: init.tabId,
      name: init.name ?? defaultName(init.url, startTime),
      url: init.url,
      title: init.title,
      startTime,
      endTime: null,
      origin: init.origin ?? 'captured',
      counts: { views: 0, samples: 0, requests: 0, alerts: 0 },
      bytes: 0,
    };
    await this.db.put('sessions', session);
    return session;
  }

  getSession(id: string): Promise<Session | undefined> {
    return this.db.get('sessions', id);
  }

  async listSessions(): Promise<Session[]> {
    const all = await this.db.getAllFromIndex('sessions', 'by-start');
    return all.reverse();
  }

  async latestSessionOfTab(tabId: number): Promise<Session | undefined> {
    const all = await this.db.getAllFromIndex('sessions', 'by-tab', tabId);
    return all.sort((a, b) => b.startTime - a.startTime)[0];
  }

  async endSession(id: string, endTime = Date.now()): Promise<void> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    if (session && session.endTime === null) {
      session.endTime = endTime;
      await tx.store.put(session);
    }
    await tx.done;
  }

  /** Sets the session's page title if it has none yet; true when it did. */
  async setTitleIfEmpty(id: string, title: string): Promise<boolean> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    const set = Boolean(session && !session.title && title);
    if (session && set) {
      session.title = title.slice(0, 2048);
      await tx.store.put(session);
    }
    await tx.done;
    return set;
  }

  async renameSession(id: string, name: string): Promise<Session | undefined> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    if (session) {
      session.name = name.slice(0, 200);
      await tx.store.put(session);
    }
    await tx.done;
    return session;
  }

  /**
   * Stores one batch atomically, unless its receipt shows it was already committed (a resend
   * after the worker restarted). The caller acknowledges only after this resolves.
   */
  async commitBatch(
    sessionId: string,
    receipt: string,
    batch: CaptureItem[],
    strategiesOf: (viewId: string) => string[] = () => [],
    maxSessionBytes = DEFAULT_SESSION_CAP_BYTES,
  ): Promise<CommitResult> {
    const tx = this.db.transaction(['sessions', 'views', 'sample-chunks', 'request-chunks', 'receipts'], 'readwrite');
    const [session, seen] = await Promise.all([tx.objectStore('sessions').get(sessionId), tx.objectStore('receipts').get(receipt)]);
    if (!session) {
      await tx.done;
      return { status: 'no-session' };
    }
    if (seen) {
      await tx.done;
      return { status: 'duplicate' };
    }
    let items = batch;
    let bytes = JSON.stringify(items).length;
    let notStoredAtCap = 0;
    if (session.bytes + bytes > maxSessionBytes) {
      items = batch.filter((item) => item.kind === 'view' || item.kind === 'vital');
      notStoredAtCap = batch.length - items.length;
      bytes = JSON.stringify(items).length;
    }
    const views: View[] = [];
    const samples: MetricSample[] = [];
    const requests: RequestRecord[] = [];
    const writes: Promise<unknown>[] = [];
    for (const item of items) {
      switch (item.kind) {
        case 'view': {
          const view: View = {
            id: item.id,
            sessionId,
            url: item.url,
            startTime: item.startTime,
            kind: item.viewKind,
            navigationType: item.navigationType,
            strategies: strategiesOf(item.id),
            ...(item.support ? { support: item.support } : {}),
          };
          // The session says what its browser exposes, so exports and stored views know it too.
          if (item.support) session.support = item.support;
          views.push(view);
          writes.push(tx.objectStore('views').put(view));
          break;
        }
        case 'request':
          requests.push(item);
          break;
        default:
          samples.push(item);
      }
    }
    if (samples.length) writes.push(appendToChunks(tx.objectStore('sample-chunks'), sessionId, samples));
    if (requests.length) writes.push(appendToChunks(tx.objectStore('request-chunks'), sessionId, requests));
    session.counts.views += views.length;
    session.counts.samples += samples.length;
    session.counts.requests += requests.length;
    session.bytes += bytes;
    if (views.length && !session.url) session.url = views[0]!.url;
    writes.push(tx.objectStore('sessions').put(session));
    writes.push(tx.objectStore('receipts').put({ sessionId, at: Date.now() }, receipt));
    await Promise.all([...writes, tx.done]);
    return { status: 'stored', views, samples, requests, counts: { ...session.counts }, notStoredAtCap };
  }

  /**
   * Merges DevTools' network details into the session's stored requests (same URL, start within
   * a tolerance). Returns the indexes of the entries that found their request.
   */
  async enrichRequests(sessionId: string, entries: readonly NetworkEntry[], options: EnrichOptions = {}): Promise<Set<number>> {
    const used = new Set<number>();
    if (!entries.length) return used;
    const starts = entries.map((e) => e.started);
    const from = Math.min(...starts) - MATCH_TOLERANCE_MS;
    const to = Math.max(...starts) + MATCH_TOLERANCE_MS;
    const tx = this.db.transaction(['request-chunks', 'sessions'], 'readwrite');
    const chunks = tx.objectStore('request-chunks');
    // The chunks that end at or after the window's start and begin before its end; their requests in the window, in time order.
    const candidates: { key: number; chunk: RecordChunk<RequestRecord>; index: number }[] = [];
    const touched = new Map<number, RecordChunk<RequestRecord>>();
    let cursor = await chunks.index('by-end').openCursor(IDBKeyRange.bound([sessionId, from], [sessionId, Infinity]));
    while (cursor) {
      const chunk = cursor.value;
      const key = cursor.primaryKey;
      if (chunk.t <= to) chunk.records.forEach((r, index) => r.t >= from && r.t <= to && candidates.push({ key, chunk, index }));
      cursor = await cursor.continue();
    }
    candidates.sort((a, b) => a.chunk.records[a.index]!.t - b.chunk.records[b.index]!.t || a.key - b.key || a.index - b.index);
    // The bytes DevTools adds count toward the session's size like everything else stored.
    let addedBytes = 0;
    for (const { key, chunk, index } of candidates) {
      const record = chunk.records[index]!;
      const found = matchEntry(record, entries, used);
      if (found < 0) continue;
      used.add(found);
      const enriched = enrichRequest(record, entries[found]!, options);
      addedBytes += JSON.stringify(enriched).length - JSON.stringify(record).length;
      chunk.records[index] = enriched;
      touched.set(key, chunk);
    }
    for (const [key, chunk] of touched) await chunks.put(chunk, key);
    if (addedBytes !== 0) {
      const sessions = tx.objectStore('sessions');
      const session = await sessions.get(sessionId);
      if (session) {
        session.bytes = Math.max(0, session.bytes + addedBytes);
        await sessions.put(session);
      }
    }
    await tx.done;
    return used;
  }

  /** Writes a whole session (an import) in one transaction: all of it or nothing. */
  async putSessionData(data: SessionData): Promise<void> {
    const tx = this.db.transaction(['sessions', 'views', 'sample-chunks', 'request-chunks', 'alerts', 'actions'], 'readwrite');
    const sessionId = data.session.id;
    const writes: Promise<unknown>[] = [tx.objectStore('sessions').put(data.session)];
    for (const view of data.views) writes.push(tx.objectStore('views').put({ ...view, sessionId }));
    for (const chunk of chunksOf(sessionId, data.samples)) writes.push(tx.objectStore('sample-chunks').add(chunk));
    for (const chunk of chunksOf(sessionId, data.requests)) writes.push(tx.objectStore('request-chunks').add(chunk));
    for (const a of data.alerts) writes.push(tx.objectStore('alerts').put({ ...a, sessionId }));
    for (const a of data.actions ?? []) writes.push(tx.objectStore('actions').put({ ...a, sessionId }));
    await Promise.all([...writes, tx.done]);
  }

  async loadSession(id: string): Promise<SessionData | null> {
    const tx = this.db.transaction(['sessions', 'views', 'sample-chunks', 'request-chunks', 'alerts', 'actions']);
    const range = sessionRange(id);
    const [session, views, sampleChunks, requestChunks, alerts, actions] = await Promise.all([
      tx.objectStore('sessions').get(id),
      tx.objectStore('views').index('by-session').getAll(range),
      tx.objectStore('sample-chunks').index('by-session').getAll(range),
      tx.objectStore('request-chunks').index('by-session').getAll(range),
      tx.objectStore('alerts').index('by-session').getAll(range),
      tx.objectStore('actions').index('by-session').getAll(range),
    ]);
    await tx.done;
    if (!session) return null;
    return {
      session,
      views,
      samples: mergeChunks(sampleChunks),
      requests: mergeChunks(requestChunks),
      alerts: alerts.map(strip),
      ...(actions.length ? { actions: actions.map(strip) } : {}),
    };
  }

  async deleteSession(id: string): Promise<void> {
    const tx = this.db.transaction(['sessions', 'views', 'sample-chunks', 'request-chunks', 'alerts', 'actions', 'receipts'], 'readwrite');
    const range = sessionRange(id);
    const deleteByIndex = async (name: 'views' | 'sample-chunks' | 'request-chunks' | 'alerts' | 'actions') => {
      let cursor = await tx.objectStore(name).index('by-session').openKeyCursor(range);
      while (cursor) {
        await tx.objectStore(name).delete(cursor.primaryKey);
        cursor = await cursor.continue();
      }
    };
    const deleteReceipts = async () => {
      let cursor = await tx.objectStore('receipts').index('by-session').openKeyCursor(IDBKeyRange.only(id));
      while (cursor) {
        await tx.objectStore('receipts').delete(cursor.primaryKey);
        cursor = await cursor.continue();
      }
    };
    await Promise.all([
      tx.objectStore('sessions').delete(id),
      deleteByIndex('views'),
      deleteByIndex('sample-chunks'),
      deleteByIndex('request-chunks'),
      deleteByIndex('alerts'),
      deleteByIndex('actions'),
      deleteReceipts(),
      tx.done,
    ]);
  }

  /** Evicts the oldest sessions (never one still recording) until under both limits. */
  async enforceRetention(limits: RetentionLimits, recording: ReadonlySet<string>): Promise<{ evicted: string[]; status: Omit<RetentionStatus, 'evicted'> }> {
    const sessions = await this.db.getAllFromIndex('sessions', 'by-start');
    let count = sessions.length;
    let bytes = sessions.reduce((sum, s) => sum + s.bytes, 0);
    const evicted: string[] = [];
    for (const session of sessions) {
      if (count <= limits.maxSessions && bytes <= limits.maxBytes) break;
      if (recording.has(session.id)) continue;
      await this.deleteSession(session.id);
      evicted.push(session.id);
      count--;
      bytes -= session.bytes;
    }
    return { evicted, status: { sessions: count, bytes, maxSessions: limits.maxSessions, maxBytes: limits.maxBytes } };
  }
}

/** Every chunk of a session (as its index gives them) as one time-ordered list. */
function mergeChunks<T extends { t: number }>(chunks: readonly RecordChunk<T>[]): T[] {
  const merger = new ChunkMerger<T>();
  const head = merger.push(chunks);
  return head.concat(merger.end());
}

/**
 * Adds a batch's records to the session's chunks: into its latest chunk (by first time) while
 * that holds fewer than CHUNK_RECORDS, the rest as new chunks. Runs inside the batch's transaction.
 */
async function appendToChunks<T extends MetricSample | RequestRecord>(
  store: { index(name: 'by-session'): { openCursor(range: IDBKeyRange, direction: IDBCursorDirection): Promise<{ value: RecordChunk<T>; update(value: RecordChunk<T>): Promise<unknown> } | null> }; add(value: RecordChunk<T>): Promise<unknown> },
  sessionId: string,
  records: T[],
): Promise<void> {
  let rest = byTime(records);
  const latest = await store.index('by-session').openCursor(sessionRange(sessionId), 'prev');
  if (latest && latest.value.records.length < CHUNK_RECORDS) {
    const room = CHUNK_RECORDS - latest.value.records.length;
    await latest.update(chunkOf(sessionId, mergeByTime(latest.value.records, rest.slice(0, room))));
    rest = rest.slice(room);
  }
  for (let i = 0; i < rest.length; i += CHUNK_RECORDS) await store.add(chunkOf(sessionId, rest.slice(i, i + CHUNK_RECORDS)));
}

function defaultName(url: string, startTime: number): string {
  let where = url;
  try {
    const u = new URL(url);
    where = u.host + u.pathname;
  } catch {
    /* keep the raw text */
  }
  return `${where} — ${new Date(startTime).toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** The error for a session that is no longer stored (deleted, or evicted by retention). */
export function sessionGone(sessionId: string): Error {
  return new Error(`Session ${sessionId} is no longer stored (deleted, or evicted to stay within the storage limit). Refresh the list and pick another one.`);
}
