import browser, { type Runtime } from 'webextension-polyfill';

const KEY = 'devtoolsTabs';
/** After a worker restart, tabs that had DevTools open count as open this long, until their pages reconnect. */
export const RECONNECT_GRACE_MS = 5000;

type SessionArea = Pick<typeof browser.storage.session, 'get' | 'set'>;

/**
 * Which tabs have a DevTools window of ours open: the extension's DevTools page, the panel, or
 * the panel page opened as a tab with ?tabId=N. Live ports say so; the list is also kept in
 * storage.session, because a stopped worker loses its ports without a disconnect event and the
 * content scripts reconnect before the DevTools pages do: during RECONNECT_GRACE_MS after a
 * restart, a tab that had DevTools open still counts, so none of its batches is dropped.
 */
export class DevToolsPresence {
  private readonly ports = new Map<number, Set<Runtime.Port>>();
  private readonly startedAt = Date.now();
  private remembered: Set<number> = new Set();
  private readonly listeners = new Set<(tabId: number) => void>();
  readonly ready: Promise<void>;

  constructor(private readonly area: SessionArea = browser.storage.session) {
    this.ready = area
      .get(KEY)
      .then((stored) => {
        const list = stored[KEY];
        if (Array.isArray(list)) this.remembered = new Set(list.filter((t): t is number => Number.isInteger(t) && !this.ports.has(t)));
        // When the grace ends, tabs whose DevTools did not come back are told to stop collecting.
        if (this.remembered.size) setTimeout(() => this.remembered.forEach((tabId) => this.changed(tabId)), RECONNECT_GRACE_MS + 50);
      })
      .catch(() => {});
  }

  /** Counts `port` as a DevTools window on `tabId` until it disconnects (a port inspects one tab). */
  add(tabId: number, port: Runtime.Port): void {
    for (const [other, set] of this.ports) if (other !== tabId && set.delete(port)) this.changed(other);
    let set = this.ports.get(tabId);
    if (!set) this.ports.set(tabId, (set = new Set()));
    if (set.has(port)) return;
    // Back after a restart: from now on the live ports alone say whether it is open.
    this.remembered.delete(tabId);
    set.add(port);
    port.onDisconnect.addListener(() => {
      if (set.delete(port)) this.changed(tabId);
    });
    this.changed(tabId);
  }

  /** True while a DevTools window is open on the tab (or, just after a restart, was open). */
  async has(tabId: number): Promise<boolean> {
    if (this.ports.get(tabId)?.size) return true;
    await this.ready;
    return Date.now() - this.startedAt < RECONNECT_GRACE_MS && this.remembered.has(tabId);
  }

  /** Calls `listener` with the tab whose DevTools presence may have changed. */
  onChange(listener: (tabId: number) => void): void {
    this.listeners.add(listener);
  }

  private changed(tabId: number): void {
    void this.ready
      .then(() => {
        const open = [...this.ports].filter(([, set]) => set.size > 0).map(([tab]) => tab);
        const waiting = Date.now() - this.startedAt < RECONNECT_GRACE_MS ? [...this.remembered] : [];
        return this.area.set({ [KEY]: [...new Set([...open, ...waiting])] });
      })
      .catch(() => {});
    this.listeners.forEach((listener) => listener(tabId));
  }
}
