/**
 * Panel -> background requests of the sessions capability, and their replies.
 *
 * Exports read the stored session straight from IndexedDB in the panel page (same origin as
 * the service worker) with cursors, and imports write there in one transaction, so no session
 * is ever copied whole through a message port (which caps messages at 64 MB). The background
 * owns what must be decided in one place: the list with storage use, renames, deletes, and
 * retention after an import.
 */
import type { Session } from '../core/model';

/** Storage used by every stored session against the retention limits. */
export interface StorageUsage {
  sessions: number;
  /** Approximate stored bytes (sum of Session.bytes). */
  bytes: number;
  maxSessions: number;
  maxBytes: number;
}

export interface SessionList {
  /** Every stored session, newest first (this tab's, earlier tabs', imported ones). */
  sessions: Session[];
  /** Ids of the sessions some tab is recording into right now. */
  recording: string[];
  usage: StorageUsage;
}

export interface SessionsRequests {
  sessionList: Record<string, never>;
  /** Renames a stored session (1 to 200 characters after trimming). */
  renameSession: { sessionId: string; name: string };
  /** Deletes a stored session and everything in it; refused while a tab records into it. */
  deleteSession: { sessionId: string };
  /**
   * The panel stored an imported session: apply retention (never evicting that session) and
   * tell the panels of every tab the storage changed.
   */
  sessionImported: { sessionId: string };
  /** Whether the secret headers DevTools sees on this URL's origin are stored as they are (off by default). */
  secretHeaderSetting: { url: string };
  setSecretHeaderSetting: { url: string; keep: boolean };
}

export interface SessionsReplies {
  sessionList: SessionList;
  renameSession: Session;
  deleteSession: SessionList;
  /** The list after retention, and the ids retention evicted to make room (oldest first). */
  sessionImported: SessionList & { evicted: string[] };
  secretHeaderSetting: { origin: string; keep: boolean };
  setSecretHeaderSetting: { origin: string; keep: boolean };
}
