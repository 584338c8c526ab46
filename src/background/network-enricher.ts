import type { NetworkEntry } from '../core/capture/network-enrichment';
import type { SessionStore } from '../storage/session-store';
import type { TabState } from './tab-state';

/** How long an entry waits for its request record (Resource Timing arrives in batches). */
const KEEP_MS = 20_000;
const RETRY_MS = 2_000;

/**
 * Merges DevTools' network details into the recorded requests of a tab's current session.
 * An entry whose record is not stored yet is kept and retried for a while.
 */
export class NetworkEnricher {
  private readonly pending = new Map<number, { entry: NetworkEntry; at: number }[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: Promise<SessionStore>,
    private readonly tabState: TabState,
  ) {}

  async attach(tabId: number, entries: NetworkEntry[]): Promise<{ matched: number; pending: number }> {
    const now = Date.now();
    const waiting = [...(this.pending.get(tabId) ?? []), ...entries.map((entry) => ({ entry, at: now }))].filter((p) => now - p.at < KEEP_MS);
    const sessionId = await this.tabState.activeSession(tabId);
    if (!sessionId) {
      this.pending.delete(tabId);
      return { matched: 0, pending: 0 };
    }
    const used = await (await this.store).enrichRequests(sessionId, waiting.map((p) => p.entry));
    const rest = waiting.filter((_, i) => !used.has(i));
    if (rest.length) this.pending.set(tabId, rest);
    else this.pending.delete(tabId);
    this.schedule();
    return { matched: used.size, pending: rest.length };
  }

  private schedule(): void {
    if (this.timer || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      for (const tabId of [...this.pending.keys()]) void this.attach(tabId, []).catch(() => this.pending.delete(tabId));
    }, RETRY_MS);
  }
}
