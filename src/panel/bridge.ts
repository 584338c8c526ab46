import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, type BackgroundPanelMessage, type PanelReplies, type PanelRequests } from '../shared/protocol';

/**
 * The panel's typed connection to the background. Requests get replies by id; pushes
 * (append, session, status) go to `onPush`. When the port drops (the service worker was
 * stopped), it reconnects and calls `onReconnect` so the panel can rehydrate from storage.
 */
export class PanelBridge {
  private port: Runtime.Port | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly onPush: (msg: BackgroundPanelMessage) => void,
    private readonly onReconnect: () => void,
  ) {}

  connect(): void {
    const port = browser.runtime.connect({ name: PANEL_PORT });
    this.port = port;
    port.onMessage.addListener((raw: unknown) => {
      const msg = raw as BackgroundPanelMessage;
      if (msg.type === 'reply') {
        const waiter = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        if (!waiter) return;
        if (msg.ok) waiter.resolve(msg.result);
        else waiter.reject(new Error(msg.error));
        return;
      }
      this.onPush(msg);
    });
    port.onDisconnect.addListener(() => {
      this.port = null;
      for (const w of this.waiting.values()) w.reject(new Error('The background restarted; retrying.'));
      this.waiting.clear();
      setTimeout(() => {
        this.connect();
        this.onReconnect();
      }, 100);
    });
  }

  request<K extends keyof PanelRequests>(name: K, args: PanelRequests[K]): Promise<PanelReplies[K]> {
    if (!this.port) this.connect();
    const id = this.nextId++;
    return new Promise<PanelReplies[K]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port!.postMessage({ type: 'request', id, name, args });
    });
  }
}
