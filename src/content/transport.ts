import browser, { type Runtime } from 'webextension-polyfill';
import type { DeliveryQueue } from '../core/capture/delivery';
import { CAPTURE_PORT, PROTOCOL_VERSION, type BackgroundContentMessage, type CaptureItem, type ContentMessage } from '../shared/protocol';

export interface TransportOptions {
  pageId: string;
  queue: DeliveryQueue<CaptureItem>;
  intervalMs: number;
  /** Counted page messages rejected since the last batch (reset when read). */
  takeRejected: () => number;
  onMessage: (msg: BackgroundContentMessage) => void;
}

/**
 * The capture port to the background. Sends at most one batch per interval; when the port
 * drops (the service worker was stopped), reconnects and resends every unacknowledged batch.
 */
export class CaptureTransport {
  private port: Runtime.Port | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private reconnectDelay = 50;
  private dead = false;

  constructor(private readonly options: TransportOptions) {}

  start(): void {
    this.connect();
    this.timer = setInterval(() => this.flush(), this.options.intervalMs);
    addEventListener('pagehide', () => this.flush(true));
  }

  stop(): void {
    this.dead = true;
    if (this.timer) clearInterval(this.timer);
    this.port?.disconnect();
    this.port = null;
  }

  private connect(): void {
    if (this.dead) return;
    let port: Runtime.Port;
    try {
      port = browser.runtime.connect({ name: CAPTURE_PORT });
    } catch {
      // The extension was reloaded or removed: this content script is orphaned.
      this.stop();
      return;
    }
    this.port = port;
    port.onMessage.addListener((msg: unknown) => this.receive(msg));
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      if (!browser.runtime?.id) return this.stop();
      setTimeout(() => this.connect(), this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 2000);
    });
    const hello: ContentMessage = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      pageId: this.options.pageId,
      url: location.href.slice(0, 8192),
      title: document.title.slice(0, 2048),
    };
    this.post(hello);
    for (const batch of this.options.queue.pending()) {
      this.post({ type: 'batch', pageId: this.options.pageId, seq: batch.seq, items: batch.items, dropped: batch.dropped, rejected: 0 });
    }
  }

  private receive(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as BackgroundContentMessage;
    if (m.type === 'ack' && typeof m.seq === 'number') {
      this.options.queue.ack(m.seq);
      this.reconnectDelay = 50;
      return;
    }
    this.options.onMessage(m);
  }

  /** Sends the next batch (or, at page hide, every batch that fits in the window). */
  flush(all = false): void {
    if (!this.port) return;
    do {
      const batch = this.options.queue.takeBatch();
      if (!batch) return;
      this.post({ type: 'batch', pageId: this.options.pageId, seq: batch.seq, items: batch.items, dropped: batch.dropped, rejected: this.options.takeRejected() });
    } while (all);
  }

  private post(msg: ContentMessage): void {
    try {
      this.port?.postMessage(msg);
    } catch {
      // Disconnected between checks: onDisconnect reconnects and resends.
    }
  }
}
