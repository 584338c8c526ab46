import type { RetentionStatus } from '../shared/protocol';
import { DEFAULT_RETENTION, type RetentionLimits, type SessionStore } from './session-store';

/** The storage figures of the last retention pass (sessions and bytes kept, and the limits). */
export type RetentionFigures = Omit<RetentionStatus, 'evicted'>;

/** Keeps the stored sessions within the limits: now, or soon after a burst of commits. */
export interface Retention {
  /** Evicts the oldest sessions over the limits (never a protected one or one in `keep`); returns their ids. */
  enforce(keep?: ReadonlySet<string>): Promise<string[]>;
  /** Runs one pass a little later; calls until then share it. */
  schedule(): void;
  /** The figures of the last pass (the limits with zero usage before the first). */
  figures(): RetentionFigures;
}

/** What a retention keeper works on, and whom it tells after each pass. */
export interface RetentionOptions {
  store: Promise<SessionStore>;
  /** Sessions that must not be evicted (the ones being recorded). */
  protectedSessions: () => Promise<ReadonlySet<string>>;
  /** Told after every pass, with the ids it evicted. */
  afterPass?: (evicted: string[]) => Promise<void> | void;
  limits?: RetentionLimits;
  /** How long schedule() waits, so a burst of commits costs one pass. */
  delayMs?: number;
}

/** Creates the retention keeper of one store (one per service-worker run). */
export function createRetention({ store, protectedSessions, afterPass, limits = DEFAULT_RETENTION, delayMs = 2000 }: RetentionOptions): Retention {
  let figures: RetentionFigures = { sessions: 0, bytes: 0, maxSessions: limits.maxSessions, maxBytes: limits.maxBytes };
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function enforce(keep: ReadonlySet<string> = new Set()): Promise<string[]> {
    const sessions = await store;
    const protectedIds = new Set([...(await protectedSessions()), ...keep]);
    const result = await sessions.enforceRetention(limits, protectedIds);
    figures = result.status;
    await afterPass?.(result.evicted);
    return result.evicted;
  }

  return {
    enforce,
    schedule() {
      timer ??= setTimeout(() => {
        timer = null;
        void enforce();
      }, delayMs);
    },
    figures: () => figures,
  };
}
