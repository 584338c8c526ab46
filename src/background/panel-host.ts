import type { Runtime } from 'webextension-polyfill';
import type { MetricSample, RequestRecord, Session, SessionData, View } from '../core/model';
import type { BackgroundPanelMessage, CaptureStatus } from '../shared/protocol';

/** The panels connected to the background, by the tab each one inspects. */
export class PanelHub {
  private readonly byTab = new Map<number, Set<Runtime.Port>>();

  constructor(private readonly statusOf: (tabId: number) => Promise<CaptureStatus>) {}

  subscribe(tabId: number, port: Runtime.Port): void {
    for (const set of this.byTab.values()) set.delete(port);
    let set = this.byTab.get(tabId);
    if (!set) this.byTab.set(tabId, (set = new Set()));
    set.add(port);
    port.onDisconnect.addListener(() => set.delete(port));
  }

  private send(tabId: number, msg: BackgroundPanelMessage): void {
    for (const port of this.byTab.get(tabId) ?? []) {
      try {
        port.postMessage(msg);
      } catch {
        /* panel closed */
      }
    }
  }

  appended(tabId: number, sessionId: string, items: { views: View[]; samples: MetricSample[]; requests: RequestRecord[]; counts: Session['counts'] }): void {
    if (!this.byTab.get(tabId)?.size) return;
    this.send(tabId, { type: 'append', sessionId, views: items.views, samples: items.samples, requests: items.requests, counts: items.counts });
  }

  sessionStarted(tabId: number, data: SessionData): void {
    this.send(tabId, { type: 'session', data });
    this.statusChanged(tabId);
  }

  statusChanged(tabId: number): void {
    if (!this.byTab.get(tabId)?.size) return;
    void this.statusOf(tabId).then((status) => this.send(tabId, { type: 'status', status }));
  }

  /** Tells the panels of a tab that its alerts, budgets or automatic actions changed. */
  alertsChanged(tabId: number): void {
    this.send(tabId, { type: 'alerts' });
  }

  /** Reports progress of a long task to the panels of a tab. */
  progress(tabId: number, task: string, fraction: number, message: string): void {
    this.send(tabId, { type: 'progress', task, fraction, message });
  }

  tabs(): number[] {
    return [...this.byTab.keys()];
  }
}
