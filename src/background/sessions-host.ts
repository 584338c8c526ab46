import type { SessionList, SessionsRequests } from '../shared/protocol-sessions';
import type { BackgroundContext, HandlerMap } from './handlers';
import type { TabState } from './tab-state';
import { DEFAULT_RETENTION, sessionGone, type SessionStore } from '../storage/session-store';

/** Longest session name kept (the store cuts longer ones too). */
const MAX_NAME_LENGTH = 200;

async function sessionList(store: SessionStore, tabState: TabState): Promise<SessionList> {
  const [sessions, recording] = await Promise.all([store.listSessions(), tabState.recordingSessions()]);
  return {
    sessions,
    recording: sessions.filter((session) => recording.has(session.id)).map((session) => session.id),
    usage: {
      sessions: sessions.length,
      bytes: sessions.reduce((sum, session) => sum + session.bytes, 0),
      maxSessions: DEFAULT_RETENTION.maxSessions,
      maxBytes: DEFAULT_RETENTION.maxBytes,
    },
  };
}

/** The background side of the sessions capability: the list, renames, deletes, retention after imports. */
export function sessionsHandlers(context: BackgroundContext): HandlerMap<keyof SessionsRequests> {
  return {
    async sessionList() {
      return sessionList(await context.store, context.tabState);
    },

    async renameSession({ sessionId, name }) {
      const trimmed = String(name ?? '').trim();
      if (!trimmed) throw new Error('A session name cannot be empty; type a name or cancel.');
      if (trimmed.length > MAX_NAME_LENGTH) throw new Error(`A session name can have at most ${MAX_NAME_LENGTH} characters (this one has ${trimmed.length}).`);
      const renamed = await (await context.store).renameSession(sessionId, trimmed);
      if (!renamed) throw sessionGone(sessionId);
      return renamed;
    },

    async deleteSession({ sessionId }) {
      const store = await context.store;
      if ((await context.tabState.recordingSessions()).has(sessionId)) {
        throw new Error('This session is still being recorded in a tab. Stop recording first (■ Stop recording), then delete it.');
      }
      if (!(await store.getSession(sessionId))) throw sessionGone(sessionId);
      await store.deleteSession(sessionId);
      await context.retention.enforce();
      return sessionList(store, context.tabState);
    },

    async sessionImported({ sessionId }) {
      const store = await context.store;
      if (!(await store.getSession(sessionId))) throw sessionGone(sessionId);
      // The panel stores an import itself (src/storage, never copied through the port); this
      // request remains because only the background knows which sessions are recording and
      // keeps the storage figures every panel shows. An imported session keeps its original
      // start time, so it is often the oldest one: protect it here, or retention could evict
      // the very session the user just imported.
      const evicted = await context.retention.enforce(new Set([sessionId]));
      return { ...(await sessionList(store, context.tabState)), evicted };
    },
  };
}
