import type { Runtime } from 'webextension-polyfill';
import { parseContentMessage } from '../shared/capture-schema';
import type { BackgroundContentMessage, ContentMessage } from '../shared/protocol';
import type { PanelHub } from './panel-host';
import { DEFAULT_SESSION_CAP_BYTES, type SessionStore } from '../storage/session-store';
import type { CaptureStatusBoard } from './capture-status';
import type { TabState } from './tab-state';
import type { CaptureGate } from './capture-gate';

/** Runs one task at a time per key (per tab), so two batches never race to create a session. */
class KeyedQueue {
  private readonly tails = new Map<number, Promise<unknown>>();
  run<T>(key: number, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(key, next.catch(() => {}));
    return next;
  }
}

/** A captured item as the stored-items hook sees it. */
type ContentItemLike = { kind: string; url?: string; initiatorType?: string; method?: string; t?: number };

export interface CaptureHostOptions {
  /** Resolves once IndexedDB is open; ports are accepted (and listened to) before that. */
  store: Promise<SessionStore>;
  panels: PanelHub;
  tabState: TabState;
  status: CaptureStatusBoard;
  /** Strategy ids applied to a page, recorded on its views. */
  strategiesFor: (tabId: number, url: string) => Promise<string[]>;
  /** A batch of the session was stored (retention, alert evaluation). */
  afterCommit: (tabId: number, sessionId: string) => void;
  /** The items of a stored batch, with the page they came from (the response cache's predictor learns from them). */
  onStoredItems?: (tabId: number, pageUrl: string, items: readonly ContentItemLike[]) => void;
  /** Says whether a tab may be captured now ("capture only while DevTools is open"). */
  gate: CaptureGate;
}

/**
 * Receives capture ports from content scripts. Every message is validated; a batch is
 * acknowledged only after its IndexedDB transaction committed, and a batch committed before
 * (resent after a worker restart) is acknowledged again but not stored twice.
 */
export class CaptureHost {
  private readonly queue = new KeyedQueue();
  private readonly pageUrls = new Map<string, string>();
  private readonly ports = new Map<number, Set<Runtime.Port>>();

  constructor(private readonly options: CaptureHostOptions) {
    options.gate.onChange((tabId) => {
      for (const tab of tabId === null ? this.ports.keys() : [tabId]) void this.tellPages(tab);
    });
  }

  /** What the pages of a tab are told: whether to collect now and whether anyone watches live. */
  private async captureMessage(tabId: number): Promise<BackgroundContentMessage & { type: 'capture' }> {
    const [on, live] = await Promise.all([this.options.gate.allows(tabId), this.options.gate.watched(tabId)]);
    return { type: 'capture', on, live };
  }

  /** Tells every page of the tab whether to collect now. */
  private async tellPages(tabId: number): Promise<void> {
    const set = this.ports.get(tabId);
    if (!set?.size) return;
    const msg = await this.captureMessage(tabId);
    for (const port of set) {
      try {
        port.postMessage(msg);
      } catch {
        /* the page went away */
      }
    }
  }

  accept(port: Runtime.Port): void {
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined || port.sender?.frameId !== 0) {
      port.disconnect();
      return;
    }
    let set = this.ports.get(tabId);
    if (!set) this.ports.set(tabId, (set = new Set()));
    set.add(port);
    port.onDisconnect.addListener(() => {
      set.delete(port);
      if (!set.size && this.ports.get(tabId) === set) this.ports.delete(tabId);
    });
    port.onMessage.addListener((raw: unknown) => {
      const parsed = parseContentMessage(raw);
      if (!parsed.ok) {
        void this.options.tabState.count('rejectedMessages');
        console.warn(`[Admin Performance] dropped an invalid message from tab ${tabId}: ${parsed.error}`);
        this.options.panels.statusChanged(tabId);
        return;
      }
      void this.queue.run(tabId, () => this.handle(port, tabId, parsed.value)).catch((error: unknown) => {
        // Not acknowledged: the content script keeps the batch and resends it on reconnect.
        console.error('[Admin Performance] could not store a batch:', error);
        this.options.status.reportError(tabId, storageErrorMessage(error));
        this.options.panels.statusChanged(tabId);
      });
    });
  }

  private async handle(port: Runtime.Port, tabId: number, msg: ContentMessage): Promise<void> {
    if (msg.type === 'hello') {
      this.pageUrls.set(msg.pageId, msg.url);
      const answer = await this.captureMessage(tabId);
      this.post(port, answer);
      if (!answer.on) return;
      const sessionId = await this.sessionFor(tabId, msg.url, msg.title);
      // The first hello comes at document_start, before the title is parsed; a later one has it.
      if (sessionId && msg.title && (await (await this.options.store).setTitleIfEmpty(sessionId, msg.title))) this.options.panels.statusChanged(tabId);
      return;
    }
    if (msg.dropped || msg.rejected) {
      await this.options.tabState.count('droppedItems', msg.dropped);
      await this.options.tabState.count('rejectedMessages', msg.rejected);
    }
    if (!(await this.options.gate.allows(tabId))) {
      // Capture only while DevTools is open, and it is not: acknowledge so the page does not keep it.
      this.ack(port, msg.seq);
      return;
    }
    const url = this.pageUrls.get(msg.pageId) ?? port.sender?.url ?? '';
    const sessionId = await this.sessionFor(tabId, url, port.sender?.tab?.title ?? '');
    if (!sessionId) {
      // Recording is paused for this tab: acknowledge so the page does not keep it.
      this.ack(port, msg.seq);
      return;
    }
    // Each new view records the optimizations that were on for its URL.
    const strategies = new Map<string, string[]>();
    for (const item of msg.items) if (item.kind === 'view') strategies.set(item.id, await this.options.strategiesFor(tabId, item.url));
    const result = await (await this.options.store).commitBatch(sessionId, `${msg.pageId}:${msg.seq}`, msg.items, (viewId) => strategies.get(viewId) ?? []);
    if (result.status === 'duplicate') await this.options.tabState.count('duplicateBatches');
    if (result.status === 'stored') {
      const cleared = this.options.status.clearError(tabId);
      if (result.notStoredAtCap > 0) this.options.status.reportCap(tabId, sessionId, DEFAULT_SESSION_CAP_BYTES, result.notStoredAtCap);
      if (cleared || result.notStoredAtCap > 0) this.options.panels.statusChanged(tabId);
      this.options.panels.appended(tabId, sessionId, result);
      this.options.afterCommit(tabId, sessionId);
      this.options.onStoredItems?.(tabId, url, msg.items);
    }
    this.ack(port, msg.seq);
  }

  private ack(port: Runtime.Port, seq: number): void {
    this.post(port, { type: 'ack', seq });
  }

  private post(port: Runtime.Port, msg: BackgroundContentMessage): void {
    try {
      port.postMessage(msg);
    } catch {
      /* the page went away; nothing to acknowledge */
    }
  }

  /** The session this tab records into, started if needed; null while paused. */
  async sessionFor(tabId: number, url: string, title: string): Promise<string | null> {
    if (await this.options.tabState.isPaused(tabId)) return null;
    const current = await this.options.tabState.activeSession(tabId);
    const store = await this.options.store;
    if (current && (await store.getSession(current))?.endTime === null) return current;
    const session = await store.createSession({ tabId, url, title });
    await this.options.tabState.setActiveSession(tabId, session.id);
    const data = await store.loadSession(session.id);
    if (data) this.options.panels.sessionStarted(tabId, data);
    return session.id;
  }
}

export function storageErrorMessage(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return 'Storage is full: new captures are kept in the page and retried. Delete old sessions in the Sessions view or free disk space.';
  }
  return `Could not store captured data (${String((error as Error)?.message ?? error)}). It is kept in the page and retried.`;
}
