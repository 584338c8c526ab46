/**
 * How an imported session is told apart from the one it was exported from: a new session id,
 * view and alert ids prefixed with it (so importing a file twice, or next to its original,
 * collides with nothing), tab -1, and the origin it was imported from.
 */
import type { SessionData } from '../../model';

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

/** Gives `data` a new identity; ids inside are rewritten as `<sessionId>/<old id>`. */
export function assignNewIdentity(
  data: SessionData,
  origin: 'imported-json' | 'imported-har',
  sessionId: string,
  bytes: number,
): SessionData {
  const scoped = (id: string) => `${sessionId}/${id}`;
  return {
    session: {
      ...data.session,
      id: sessionId,
      tabId: -1,
      origin,
      counts: { views: data.views.length, samples: data.samples.length, requests: data.requests.length, alerts: data.alerts.length },
      bytes,
    },
    views: data.views.map((view) => ({ ...view, id: scoped(view.id), sessionId })),
    samples: data.samples.map((sample) => ({ ...sample, viewId: scoped(sample.viewId) })),
    requests: data.requests.map((request) => ({ ...request, viewId: scoped(request.viewId) })),
    alerts: data.alerts.map((alert) => ({ ...alert, id: scoped(alert.id), viewId: scoped(alert.viewId) })),
  };
}
