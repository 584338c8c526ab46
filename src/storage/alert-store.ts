/**
 * Alerts, the alert engine's state and automatic actions in IndexedDB. An evaluation's outcome
 * (new alerts, cleared alerts, the session counters, the engine state, actions) is written in
 * one transaction: a service-worker stop either loses the whole evaluation, which then runs
 * again on the same views with the same result, or none of it. Nothing fires twice.
 */
import { emptyAlertState, type ClearedAlert, type OpenedAlert } from '../core/alerts';
import type { AlertRecord, AutomaticActionRecord } from '../core/model';
import { sessionRange, type Database, type Stored, type StoredAlertEngine } from './db';

/** Sessions whose evaluated view ids are remembered (the oldest are forgotten first). */
const MAX_REMEMBERED_SESSIONS = 100;

const strip = <T extends { sessionId: string }>({ sessionId: _sessionId, ...rest }: T): Omit<T, 'sessionId'> => rest;

/** What one evaluation writes. */
export interface EvaluationCommit {
  engine: StoredAlertEngine;
  opened: readonly OpenedAlert[];
  cleared: readonly ClearedAlert[];
  /** Actions started or decided, with the session of their alert. */
  actions: readonly { sessionId: string; action: AutomaticActionRecord }[];
}

export class AlertStore {
  constructor(private readonly db: Database) {}

  async readEngine(): Promise<StoredAlertEngine> {
    return (await this.db.get('alert-state', 'engine')) ?? { id: 'engine', state: emptyAlertState(), evaluated: {}, budgetsRevision: -1 };
  }

  async commit(commit: EvaluationCommit): Promise<void> {
    const tx = this.db.transaction(['alert-state', 'alerts', 'sessions', 'actions'], 'readwrite');
    const alerts = tx.objectStore('alerts');
    const sessions = tx.objectStore('sessions');
    const writes: Promise<unknown>[] = [];
    const added = new Map<string, number>();
    for (const { sessionId, alert } of commit.opened) {
      writes.push(alerts.put({ ...alert, sessionId }));
      added.set(sessionId, (added.get(sessionId) ?? 0) + 1);
    }
    for (const cleared of commit.cleared) {
      writes.push(
        alerts.get(cleared.id).then((stored) => {
          if (stored) return alerts.put({ ...stored, clearedAt: cleared.clearedAt, clearedViewId: cleared.clearedViewId });
          return undefined;
        }),
      );
    }
    for (const [sessionId, count] of added) {
      writes.push(
        sessions.get(sessionId).then((session) => {
          if (session) return sessions.put({ ...session, counts: { ...session.counts, alerts: session.counts.alerts + count } });
          return undefined;
        }),
      );
    }
    for (const { sessionId, action } of commit.actions) writes.push(tx.objectStore('actions').put({ ...action, sessionId }));
    writes.push(tx.objectStore('alert-state').put(trimEngine(commit.engine)));
    await Promise.all([...writes, tx.done]);
  }

  async alertsOfSession(sessionId: string): Promise<AlertRecord[]> {
    return (await this.db.getAllFromIndex('alerts', 'by-session', sessionRange(sessionId))).map(strip);
  }

  async getAlerts(ids: readonly string[]): Promise<AlertRecord[]> {
    const tx = this.db.transaction('alerts');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    return found.filter((alert): alert is Stored<AlertRecord> => alert !== undefined).map(strip);
  }

  async acknowledge(alertId: string, at: number): Promise<void> {
    const tx = this.db.transaction('alerts', 'readwrite');
    const stored = await tx.store.get(alertId);
    if (!stored) throw new Error('That alert no longer exists (its session was deleted).');
    await tx.store.put({ ...stored, acknowledgedAt: at });
    await tx.done;
  }

  async allActions(): Promise<(AutomaticActionRecord & { sessionId: string })[]> {
    return this.db.getAll('actions');
  }

  async putAction(sessionId: string, action: AutomaticActionRecord): Promise<void> {
    await this.db.put('actions', { ...action, sessionId });
  }
}

function trimEngine(engine: StoredAlertEngine): StoredAlertEngine {
  const sessions = Object.keys(engine.evaluated);
  if (sessions.length <= MAX_REMEMBERED_SESSIONS) return engine;
  const evaluated = Object.fromEntries(Object.entries(engine.evaluated).slice(-MAX_REMEMBERED_SESSIONS));
  return { ...engine, evaluated };
}
