/**
 * The service worker: routes capture ports (content scripts) and panel ports (DevTools panels),
 * records sessions into IndexedDB and enforces retention. Chrome stops it after ~30 s idle, so
 * everything that matters is in IndexedDB or storage.session, never only in memory.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { CAPTURE_PORT, PANEL_PORT, type CaptureStatus, type CoreRequests, type PanelRequests, type PanelToBackground } from '../shared/protocol';
import type { BackgroundContext, Handler, HandlerMap } from './handlers';
import { optimizerHandlers, strategiesForUrl } from './optimizer-host';
import { sessionsHandlers } from './sessions-host';
import { simulatorHandlers } from './simulator-host';
import { CacheHost } from './cache-host';
import * as v from 'valibot';
import { describeIssue, NetworkEntriesSchema } from '../shared/capture-schema';
import { CaptureHost } from './capture-host';
import { NetworkEnricher } from './network-enricher';
import { openDatabase } from './db';
import { PanelHub } from './panel-host';
import { DEFAULT_RETENTION, SessionStore } from './session-store';
import { hasHostAccess, injectInto, syncRegisteredSites } from './sites';
import { tabState } from './tab-state';

const ready = openDatabase().then((db) => new SessionStore(db));
let retentionStatus: CaptureStatus['retention'] = { sessions: 0, bytes: 0, maxSessions: DEFAULT_RETENTION.maxSessions, maxBytes: DEFAULT_RETENTION.maxBytes, evicted: 0 };

async function statusOf(tabId: number): Promise<CaptureStatus> {
  const [sessionId, paused, counters, tab] = await Promise.all([
    tabState.activeSession(tabId),
    tabState.isPaused(tabId),
    tabState.counters(),
    browser.tabs.get(tabId).catch(() => undefined),
  ]);
  let origin: string | null = null;
  try {
    origin = tab?.url ? new URL(tab.url).origin : null;
  } catch {
    origin = null;
  }
  return {
    tabId,
    recording: !paused,
    sessionId,
    rejectedMessages: counters.rejectedMessages,
    duplicateBatches: counters.duplicateBatches,
    droppedItems: counters.droppedItems,
    hostAccess: await hasHostAccess(tab?.url),
    origin,
    retention: { ...retentionStatus, evicted: counters.evicted },
    error: panels.lastError(tabId),
  };
}

const panels = new PanelHub(statusOf);

let retentionTimer: ReturnType<typeof setTimeout> | null = null;
async function enforceRetention(keep: ReadonlySet<string> = new Set()): Promise<string[]> {
  const store = await ready;
  const protectedIds = new Set([...(await tabState.recordingSessions()), ...keep]);
  const result = await store.enforceRetention(DEFAULT_RETENTION, protectedIds);
  if (result.evicted.length) await tabState.count('evicted', result.evicted.length);
  retentionStatus = { ...result.status, evicted: 0 };
  panels.tabs().forEach((t) => panels.statusChanged(t));
  return result.evicted;
}
function scheduleRetention(): void {
  retentionTimer ??= setTimeout(() => {
    retentionTimer = null;
    void enforceRetention();
  }, 2000);
}

const captureHost = new CaptureHost({ store: ready, panels, strategiesFor: (_tabId, url) => strategiesForUrl(url), afterCommit: scheduleRetention });

const network = new NetworkEnricher(ready);
const cache = new CacheHost();
cache.listen();
const context: BackgroundContext = { store: ready, panels, capture: captureHost, enforceRetention };

const coreHandlers: HandlerMap<keyof CoreRequests> = {
  async subscribe({ tabId }, port) {
    panels.subscribe(tabId, port);
    const store = await ready;
    const sessionId = (await tabState.activeSession(tabId)) ?? (await store.latestSessionOfTab(tabId))?.id;
    const data = sessionId ? await store.loadSession(sessionId) : null;
    return { status: await statusOf(tabId), data };
  },
  status: ({ tabId }) => statusOf(tabId),
  async setRecording({ tabId, recording }) {
    const store = await ready;
    const current = await tabState.activeSession(tabId);
    if (!recording) {
      await tabState.setPaused(tabId, true);
      if (current) await store.endSession(current);
      await tabState.setActiveSession(tabId, null);
    } else {
      await tabState.setPaused(tabId, false);
      if (!current) {
        const tab = await browser.tabs.get(tabId);
        await captureHost.sessionFor(tabId, tab.url ?? '', tab.title ?? '');
      }
    }
    return statusOf(tabId);
  },
  async enableSite({ tabId }) {
    await syncRegisteredSites();
    const tab = await browser.tabs.get(tabId);
    if (await hasHostAccess(tab.url)) await injectInto(tabId);
    return statusOf(tabId);
  },
  async listSessions() {
    return (await ready).listSessions();
  },
  async loadSession({ sessionId }) {
    return (await ready).loadSession(sessionId);
  },
  async attachNetwork({ tabId, entries }) {
    const parsed = v.safeParse(NetworkEntriesSchema, entries);
    if (!parsed.success) throw new Error(`Network details rejected: ${describeIssue(parsed.issues[0])}`);
    return network.attach(tabId, parsed.output);
  },
};

const handlers: { [K in keyof PanelRequests]: Handler<K> } = {
  ...coreHandlers,
  ...optimizerHandlers(context),
  ...sessionsHandlers(context),
  ...simulatorHandlers(context),
  ...cache.handlers(),
};

function acceptPanel(port: Runtime.Port): void {
  port.onMessage.addListener((raw: unknown) => {
    const msg = raw as PanelToBackground;
    if (!msg || msg.type !== 'request' || typeof msg.id !== 'number' || !(msg.name in handlers)) return;
    const handler = handlers[msg.name] as Handler<typeof msg.name>;
    const reply = (message: object) => {
      try {
        port.postMessage(message);
      } catch {
        // The panel closed before the answer was ready: nobody is waiting for it.
      }
    };
    handler(msg.args as never, port).then(
      (result) => reply({ type: 'reply', id: msg.id, ok: true, result }),
      (error: unknown) => reply({ type: 'reply', id: msg.id, ok: false, error: String((error as Error)?.message ?? error) }),
    );
  });
}

browser.runtime.onConnect.addListener((port) => {
  // Listeners attach synchronously so no message is missed while IndexedDB opens.
  if (port.name === CAPTURE_PORT) {
    captureHost.accept(port);
  } else if (port.name === PANEL_PORT && port.sender?.url?.startsWith(browser.runtime.getURL(''))) {
    // The DevTools panel, or its page opened as a tab with ?tabId=N.
    acceptPanel(port);
  } else {
    port.disconnect();
  }
});

browser.tabs.onRemoved.addListener((tabId) => {
  void (async () => {
    const current = await tabState.activeSession(tabId);
    if (current) await (await ready).endSession(current);
    await tabState.forgetTab(tabId);
  })();
});

browser.permissions.onAdded.addListener(() => void syncRegisteredSites());
browser.permissions.onRemoved.addListener(() => void syncRegisteredSites());
browser.runtime.onInstalled.addListener(() => void syncRegisteredSites().then(() => enforceRetention()));
void enforceRetention();
