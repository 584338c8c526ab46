/**
 * Reliable, bounded delivery of captured items from a content script to the background.
 *
 * Items are queued; the transport takes them as batches (each with the next sequence number)
 * and sends them. A batch stays in `unacked` until the background acknowledges it (after its
 * IndexedDB commit). When the connection is re-established (the service worker was stopped),
 * every unacknowledged batch is sent again, in order; the background drops sequence numbers it
 * has already committed. Both the queue and the unacknowledged window are bounded, so a page
 * that produces 20,000 resources (or a background that never answers) cannot grow the content
 * script's memory without limit: the oldest queued items are dropped and counted instead.
 */
export interface DeliveryOptions {
  /** Max items per batch. */
  maxBatchItems: number;
  /** Max batches sent but not acknowledged; sending pauses when full. */
  maxUnacked: number;
  /** Max items waiting to be batched; the oldest are dropped beyond it. */
  maxQueued: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { maxBatchItems: 1000, maxUnacked: 32, maxQueued: 50_000 };

export interface Batch<T> {
  seq: number;
  items: T[];
  dropped: number;
}

export class DeliveryQueue<T> {
  private queue: T[] = [];
  private queueHead = 0;
  private readonly unacked = new Map<number, Batch<T>>();
  private nextSeq = 1;
  private droppedSinceLastBatch = 0;
  /** Items dropped since the queue was created. */
  droppedTotal = 0;

  constructor(private readonly options: DeliveryOptions = DEFAULT_DELIVERY) {}

  push(item: T): void {
    this.queue.push(item);
    if (this.queuedCount() > this.options.maxQueued) {
      this.queueHead++;
      this.droppedSinceLastBatch++;
      this.droppedTotal++;
    }
    this.compact();
  }

  queuedCount(): number {
    return this.queue.length - this.queueHead;
  }

  unackedCount(): number {
    return this.unacked.size;
  }

  /** The next batch to send, or null if nothing is queued or the window is full. */
  takeBatch(): Batch<T> | null {
    if (this.queuedCount() === 0 || this.unacked.size >= this.options.maxUnacked) return null;
    const end = Math.min(this.queue.length, this.queueHead + this.options.maxBatchItems);
    const batch: Batch<T> = {
      seq: this.nextSeq++,
      items: this.queue.slice(this.queueHead, end),
      dropped: this.droppedSinceLastBatch,
    };
    this.queueHead = end;
    this.droppedSinceLastBatch = 0;
    this.compact();
    this.unacked.set(batch.seq, batch);
    return batch;
  }

  /** The background committed this batch. Unknown or repeated acks are ignored. */
  ack(seq: number): void {
    this.unacked.delete(seq);
  }

  /** Every batch still waiting for an ack, oldest first (to resend after a reconnect). */
  pending(): Batch<T>[] {
    return [...this.unacked.values()].sort((a, b) => a.seq - b.seq);
  }

  private compact(): void {
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
  }
}
