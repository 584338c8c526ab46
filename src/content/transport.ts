import browser, { type Runtime } from 'webextension-polyfill';
import type { Batch, DeliveryQueue } from '../core/capture/delivery';
import { CAPTURE_PORT, PROTOCOL_VERSION, type BackgroundContentMessage, type CaptureItem, type ContentMessage } from '../shared/protocol';

/** A batch without an ack after this long is sent again. */
const RESEND_AFTER_MS = 5000;

export interface TransportOptions {
  pageId: string;
  queue: DeliveryQueue<CaptureItem>;
  intervalMs: number;
  /** Counted page messages rejected since the last batch (reset when read). */
  takeRejected: () => number;
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
  /** When each unacknowledged batch was last sent, to resend it if no ack comes. */
  private readonly sentAt = new Map<number, number>();

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
    for (const batch of this.options.queue.pending()) this.send(batch, 0);
  }

  private receive(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as BackgroundContentMessage;
    if (m.type === 'ack' && typeof m.seq === 'number') {
      this.options.queue.ack(m.seq);
      this.sentAt.delete(m.seq);
      this.reconnectDelay = 50;
    }
  }

  /**
   * Sends the next batch (or, at page hide, every batch that fits in the window). A batch the
   * background did not acknowledge within RESEND_AFTER_MS (its commit failed, e.g. the disk
   * was full) is sent again; the background drops it if it was committed after all.
   */
  flush(all = false): void {
    if (!this.port) return;
    const now = Date.now();
    const stale = this.options.queue.pending().find((b) => now - (this.sentAt.get(b.seq) ?? now) > RESEND_AFTER_MS);
    if (stale) this.send(stale, 0);
    do {
      const batch = this.options.queue.takeBatch();
      if (!batch) return;
      this.send(batch, this.options.takeRejected());
    } while (all);
  }

  private send(batch: Batch<CaptureItem>, rejected: number): void {
    this.sentAt.set(batch.seq, Date.now());
    this.post({ type: 'batch', pageId: this.options.pageId, seq: batch.seq, items: batch.items, dropped: batch.dropped, rejected });
  }

  private post(msg: ContentMessage): void {
    try {
      this.port?.postMessage(msg);
    } catch {
      // Disconnected between checks: onDisconnect reconnects and resends.
    }
  }
}
