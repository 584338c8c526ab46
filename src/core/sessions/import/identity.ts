/**
 * How an imported session is told apart from the one it was exported from: a new session id,
 * view and alert ids prefixed with it (so importing a file twice, or next to its original,
 * collides with nothing), tab -1, and the origin it was imported from.
 */
import type { AlertRecord, MetricSample, RequestRecord, Session, SessionData, View } from '../../model';

export interface IdentityOptions {
  /**
   * Keep ids, tab and origin exactly as in the file (default false). For round-trip tests, and
   * for restoring a backup into an empty store.
   */
  preserveIdentity?: boolean;
  /** Id generator for new sessions (default crypto.randomUUID()). */
  createId?: () => string;
}

export function newSessionId(options: IdentityOptions): string {
  return options.createId ? options.createId() : crypto.randomUUID();
}

const scoped = (sessionId: string, id: string) => `${sessionId}/${id}`;

/** One record of an imported session under its new identity (whole-file and streaming readers alike). */
export const scopeRecord = {
  view: (view: View, sessionId: string): View => ({ ...view, id: scoped(sessionId, view.id), sessionId }),
  sample: (sample: MetricSample, sessionId: string): MetricSample => ({ ...sample, viewId: scoped(sessionId, sample.viewId) }),
  request: (request: RequestRecord, sessionId: string): RequestRecord => ({ ...request, viewId: scoped(sessionId, request.viewId) }),
  alert: (alert: AlertRecord, sessionId: string): AlertRecord => ({ ...alert, id: scoped(sessionId, alert.id), viewId: scoped(sessionId, alert.viewId) }),
};

/** The session row of an import: its new id, tab -1, its origin, counts and size. */
export function importedSessionRow(
  session: Session,
  origin: 'imported-json' | 'imported-har',
  sessionId: string,
  counts: Session['counts'],
  bytes: number,
): Session {
  return { ...session, id: sessionId, tabId: -1, origin, counts, bytes };
}

/** Gives `data` a new identity; ids inside are rewritten as `<sessionId>/<old id>`. */
export function assignNewIdentity(
  data: SessionData,
  origin: 'imported-json' | 'imported-har',
  sessionId: string,
  bytes: number,
): SessionData {
  const counts = { views: data.views.length, samples: data.samples.length, requests: data.requests.length, alerts: data.alerts.length };
  return {
    session: importedSessionRow(data.session, origin, sessionId, counts, bytes),
    views: data.views.map((view) => scopeRecord.view(view, sessionId)),
    samples: data.samples.map((sample) => scopeRecord.sample(sample, sessionId)),
    requests: data.requests.map((request) => scopeRecord.request(request, sessionId)),
    alerts: data.alerts.map((alert) => scopeRecord.alert(alert, sessionId)),
  };
}

/**
 * The latest time a record says the session ran: views start, samples and alerts at t,
 * requests end at t + duration. An imported session without an end time (exported while
 * recording, or a HAR) ends at its last record's.
 */
export const recordEnd = {
  view: (view: View): number => view.startTime,
  sample: (sample: MetricSample): number => sample.t,
  request: (request: RequestRecord): number => request.t + request.duration,
  alert: (alert: AlertRecord): number => alert.t,
};

/** The session row of `data`, with an end time if it had none: its last record's. */
export function sessionWithEnd(data: SessionData): Session {
  if (data.session.endTime !== null) return data.session;
  let end = data.session.startTime;
  for (const view of data.views) end = Math.max(end, recordEnd.view(view));
  for (const sample of data.samples) end = Math.max(end, recordEnd.sample(sample));
  for (const request of data.requests) end = Math.max(end, recordEnd.request(request));
  for (const alert of data.alerts) end = Math.max(end, recordEnd.alert(alert));
  return { ...data.session, endTime: end };
}
