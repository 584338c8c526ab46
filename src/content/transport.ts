import type { Batch, DeliveryQueue } from '../core/capture/delivery';
import { CAPTURE_PORT, PROTOCOL_VERSION, type BackgroundContentMessage, type CaptureItem, type ContentMessage } from '../shared/protocol';
import { extensionApi, type ExtensionPort } from './extension-api';

/** A batch without an ack after this long is sent again. */
const RESEND_AFTER_MS = 5000;

export interface TransportOptions {
  pageId: string;
  queue: DeliveryQueue<CaptureItem>;
  /** How long the first queued item waits for others to join its batch while a panel or DevTools watches the tab. */
  liveGatherMs: number;
  /** The same while no one watches (or before the background said): fewer, larger messages. */
  quietGatherMs: number;
  /** Counted page messages rejected since the last batch (reset when read). */
  takeRejected: () => number;
  /** The background says whether to collect now ("capture only while DevTools is open"). */
  onCaptureChange?: (on: boolean) => void;
}

/**
 * The capture port to the background. No timer runs while nothing is queued: the first item
 * queued schedules one flush a gather window later, which sends everything queued by then
 * (fewer, larger messages). The window is short while a panel or DevTools watches the tab and
 * long otherwise; a page being hidden or unloaded sends at once. The port opens at start, but
 * its hello waits for the page's load (or the first batch), so one hello carries URL and title.
 * When the port drops (the service worker was stopped), it reconnects and resends every
 * unacknowledged batch; while batches wait for an ack, a check is scheduled to resend those
 * the background did not acknowledge in time.
 */
export class CaptureTransport {
  private port: ExtensionPort | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due = 0;
  private reconnectDelay = 50;
  private dead = false;
  /** A hello went out on the current port; `titled`: it carried the page's title. */
  private greeted = false;
  private titled = false;
  /** A panel or DevTools watches the tab (the background says so after each hello). */
  private live = false;
  /** When each unacknowledged batch was last sent, to resend it if no ack comes. */
  private readonly sentAt = new Map<number, number>();

  constructor(private readonly options: TransportOptions) {}

  start(): void {
    this.connect();
    if (document.readyState !== 'complete') addEventListener('load', () => this.greetAfterLoad(), { once: true });
    addEventListener('pagehide', () => this.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
    if (this.options.queue.queuedCount() > 0) this.queued();
  }

  /** Something was queued: make sure a flush is scheduled. */
  queued(): void {
    this.schedule(this.gatherMs());
  }

  private gatherMs(): number {
    return this.live ? this.options.liveGatherMs : this.options.quietGatherMs;
  }

  private hello(): ContentMessage {
    return { type: 'hello', protocol: PROTOCOL_VERSION, pageId: this.options.pageId, url: location.href.slice(0, 8192), title: document.title.slice(0, 2048) };
  }

  /** Says hello on the current port: the background answers whether to collect and whether anyone watches. */
  private greet(): void {
    this.post(this.hello());
    this.greeted = true;
    this.titled = document.title !== '';
  }

  /** The title is parsed now: hello, unless the one already sent had it. */
  private greetAfterLoad(): void {
    if (this.port && (!this.greeted || (!this.titled && document.title))) this.greet();
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
    this.greeted = false;
    port.onMessage.addListener((msg: unknown) => this.receive(msg));
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      if (!extensionApi()?.runtime.id) return this.stop();
      setTimeout(() => {
        this.connect();
        if (this.options.queue.queuedCount() > 0) this.schedule(this.gatherMs());
      }, this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 2000);
    });
    // Batches to resend (after a worker restart) follow a hello; so does one after the load.
    if (document.readyState === 'complete' || this.options.queue.unackedCount() > 0) this.greet();
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
    if (m.type === 'capture' && typeof m.on === 'boolean') {
      this.options.onCaptureChange?.(m.on);
      this.live = m.live === true;
      // Someone started watching: what waits for the long window goes out within the short one.
      if (this.live && this.options.queue.queuedCount() > 0) this.schedule(this.options.liveGatherMs);
    }
  }

  /**
   * Sends everything queued, as batches, while the window has room. A batch the background did
   * not acknowledge within RESEND_AFTER_MS (its commit failed, e.g. the disk was full) is sent
   * again; the background drops it if it was committed after all.
   */
  flush(): void {
    if (this.port) {
      if (!this.greeted && (this.options.queue.queuedCount() > 0 || this.options.queue.unackedCount() > 0)) this.greet();
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
    if (q.queuedCount() > 0) this.schedule(this.port ? this.gatherMs() : this.reconnectDelay + this.gatherMs());
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
