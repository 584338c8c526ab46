import type { Batch, DeliveryQueue } from '../core/capture/delivery';
import { CAPTURE_PORT, PROTOCOL_VERSION, type BackgroundContentMessage, type CaptureItem, type ContentMessage } from '../shared/protocol';
import { extensionApi, type ExtensionPort } from './extension-api';

/** A batch without an ack after this long is sent again. */
const RESEND_AFTER_MS = 5000;

export interface TransportOptions {
  pageId: string;
  queue: DeliveryQueue<CaptureItem>;
  /** How long the first queued item waits for others to join its batch. */
  gatherMs: number;
  /** Counted page messages rejected since the last batch (reset when read). */
  takeRejected: () => number;
  /** The background says whether to collect now ("capture only while DevTools is open"). */
  onCaptureChange?: (on: boolean) => void;
}

/**
 * The capture port to the background. No timer runs while nothing is queued: the first item
 * queued schedules one flush gatherMs later, which sends everything queued by then (fewer,
 * larger messages). When the port drops (the service worker was stopped), it reconnects and
 * resends every unacknowledged batch; while batches wait for an ack, a check is scheduled
 * to resend those the background did not acknowledge in time.
 */
export class CaptureTransport {
  private port: ExtensionPort | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due = 0;
  private reconnectDelay = 50;
  private dead = false;
  /** When each unacknowledged batch was last sent, to resend it if no ack comes. */
  private readonly sentAt = new Map<number, number>();

  constructor(private readonly options: TransportOptions) {}

  start(): void {
    this.connect();
    addEventListener('pagehide', () => this.flush());
    // At document_start the title is not parsed yet: say it again once the page has loaded.
    if (document.readyState === 'complete') this.sayHello();
    else addEventListener('load', () => this.sayHello(), { once: true });
  }

  /** Something was queued: make sure a flush is scheduled. */
  queued(): void {
    this.schedule(this.options.gatherMs);
  }

  private hello(): ContentMessage {
    return { type: 'hello', protocol: PROTOCOL_VERSION, pageId: this.options.pageId, url: location.href.slice(0, 8192), title: document.title.slice(0, 2048) };
  }

  /** Sends the page's hello (its URL and title) again, if connected and the title is known now. */
  private sayHello(): void {
    if (this.port && document.title) this.post(this.hello());
  }

  stop(): void {
    this.dead = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.port?.disconnect();
    this.port = null;
  }

  /** Runs flush after delay, unless one is already due sooner. */
  private schedule(delay: number): void {
    if (this.dead) return;
    const due = Date.now() + delay;
    if (this.timer) {
      if (this.due <= due) return;
      clearTimeout(this.timer);
    }
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  private connect(): void {
    if (this.dead) return;
    let port: ExtensionPort;
    try {
      const api = extensionApi();
      if (!api?.runtime.id) throw new Error('orphaned');
      port = api.runtime.connect({ name: CAPTURE_PORT });
    } catch {
      // The extension was reloaded or removed: this content script is orphaned.
      this.stop();
      return;
    }
    this.port = port;
    port.onMessage.addListener((msg: unknown) => this.receive(msg));
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      if (!extensionApi()?.runtime.id) return this.stop();
      setTimeout(() => this.connect(), this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 2000);
    });
    this.post(this.hello());
    for (const batch of this.options.queue.pending()) this.send(batch, 0);
    if (this.options.queue.queuedCount() > 0) this.schedule(this.options.gatherMs);
  }

  private receive(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as BackgroundContentMessage;
    if (m.type === 'ack' && typeof m.seq === 'number') {
      this.options.queue.ack(m.seq);
      this.sentAt.delete(m.seq);
      this.reconnectDelay = 50;
    }
    if (m.type === 'capture' && typeof m.on === 'boolean') this.options.onCaptureChange?.(m.on);
  }

  /**
   * Sends everything queued, as batches, while the window has room. A batch the background did
   * not acknowledge within RESEND_AFTER_MS (its commit failed, e.g. the disk was full) is sent
   * again; the background drops it if it was committed after all.
   */
  flush(): void {
    if (this.port) {
      const now = Date.now();
      for (const batch of this.options.queue.pending()) {
        if (now - (this.sentAt.get(batch.seq) ?? now) >= RESEND_AFTER_MS) this.send(batch, 0);
      }
      for (let batch = this.options.queue.takeBatch(); batch; batch = this.options.queue.takeBatch()) {
        this.send(batch, this.options.takeRejected());
      }
    }
    // Still something to send (no port yet, a full window) or to see acknowledged: look again later.
    const q = this.options.queue;
    if (q.queuedCount() > 0) this.schedule(this.port ? this.options.gatherMs : this.reconnectDelay + this.options.gatherMs);
    else if (q.unackedCount() > 0) this.schedule(RESEND_AFTER_MS + 50);
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
