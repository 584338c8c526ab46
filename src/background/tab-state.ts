import browser from 'webextension-polyfill';

/**
 * Small state that must survive the service worker being stopped (Chrome stops it after ~30 s
 * idle): which session each tab records into, which tabs are paused, and counters.
 * Kept in storage.session (memory-backed, cleared when the browser exits).
 */
interface TabStateShape {
  active: Record<string, string>;
  paused: Record<string, true>;
  counters: { rejectedMessages: number; duplicateBatches: number; droppedItems: number; evicted: number };
}

const KEY = 'tabState';
const EMPTY: TabStateShape = { active: {}, paused: {}, counters: { rejectedMessages: 0, duplicateBatches: 0, droppedItems: 0, evicted: 0 } };

/** The tab state of one service-worker run, read from storage.session once and written through. */
export type TabState = ReturnType<typeof createTabState>;

type SessionArea = Pick<typeof browser.storage.session, 'get' | 'set'>;

/** Creates the tab state over a storage area (storage.session in the extension). */
export function createTabState(area: SessionArea = browser.storage.session) {
  let cache: TabStateShape | null = null;
  let writing: Promise<void> = Promise.resolve();

  async function load(): Promise<TabStateShape> {
    if (cache) return cache;
    const stored = (await area.get(KEY))[KEY] as TabStateShape | undefined;
    cache ??= stored ? { ...EMPTY, ...stored, counters: { ...EMPTY.counters, ...stored.counters } } : structuredClone(EMPTY);
    return cache;
  }

  async function update(change: (state: TabStateShape) => void): Promise<void> {
    const state = await load();
    change(state);
    writing = writing.then(() => area.set({ [KEY]: state })).catch(() => {});
    await writing;
  }

  return {
    async activeSession(tabId: number): Promise<string | null> {
      return (await load()).active[tabId] ?? null;
    },
    async setActiveSession(tabId: number, sessionId: string | null): Promise<void> {
      await update((s) => {
        if (sessionId) s.active[tabId] = sessionId;
        else delete s.active[tabId];
      });
    },
    async recordingSessions(): Promise<Set<string>> {
      return new Set(Object.values((await load()).active));
    },
    async isPaused(tabId: number): Promise<boolean> {
      return Boolean((await load()).paused[tabId]);
    },
    async setPaused(tabId: number, paused: boolean): Promise<void> {
      await update((s) => {
        if (paused) s.paused[tabId] = true;
        else delete s.paused[tabId];
      });
    },
    async count(name: keyof TabStateShape['counters'], by = 1): Promise<void> {
      if (by <= 0) return;
      await update((s) => {
        s.counters[name] += by;
      });
    },
    async counters(): Promise<TabStateShape['counters']> {
      return { ...(await load()).counters };
    },
    async forgetTab(tabId: number): Promise<void> {
      await update((s) => {
        delete s.active[tabId];
        delete s.paused[tabId];
      });
    },
  };
}
