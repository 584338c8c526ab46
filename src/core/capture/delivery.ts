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
  /**
   * Max bytes (UTF-16 code units of the items' JSON, about their size in memory and on the wire)
   * waiting to be batched, and max bytes sent but not acknowledged. Item counts alone let 32
   * batches of 1,000 maximal items hold gigabytes.
   */
  maxQueuedBytes?: number;
  maxUnackedBytes?: number;
  /** An item's size in bytes (default: its JSON length). */
  sizeOf?: (item: unknown) => number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { maxBatchItems: 1000, maxUnacked: 32, maxQueued: 50_000, maxQueuedBytes: 16 * 1024 * 1024, maxUnackedBytes: 16 * 1024 * 1024 };

const jsonSize = (item: unknown): number => JSON.stringify(item)?.length ?? 0;

export interface Batch<T> {
  seq: number;
  items: T[];
  dropped: number;
}

export class DeliveryQueue<T> {
  private queue: T[] = [];
  private sizes: number[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  private unackedBytes = 0;
  private readonly unacked = new Map<number, Batch<T>>();
  /** Bytes of each unacknowledged batch, by sequence number. */
  private readonly unackedSizes = new Map<number, number>();
  private nextSeq = 1;
  private droppedSinceLastBatch = 0;
  /** Items dropped since the queue was created. */
  droppedTotal = 0;

  constructor(private readonly options: DeliveryOptions = DEFAULT_DELIVERY) {}

  push(item: T): void {
    const size = (this.options.sizeOf ?? jsonSize)(item);
    this.queue.push(item);
    this.sizes.push(size);
    this.queuedBytes += size;
    const maxBytes = this.options.maxQueuedBytes ?? Infinity;
    while (this.queuedCount() > this.options.maxQueued || (this.queuedBytes > maxBytes && this.queuedCount() > 0)) this.dropOldest();
    this.compact();
  }

  /** Bytes queued and sent-but-unacknowledged (what this queue holds in memory). */
  heldBytes(): number {
    return this.queuedBytes + this.unackedBytes;
  }

  private dropOldest(): void {
    this.queuedBytes -= this.sizes[this.queueHead] ?? 0;
    this.queueHead++;
    this.droppedSinceLastBatch++;
    this.droppedTotal++;
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
    const maxBytes = this.options.maxUnackedBytes ?? Infinity;
    if (this.unackedBytes >= maxBytes) return null;
    // A batch ends at maxBatchItems, or where it would take the window past its byte bound (one item at least, so the window may exceed it by one item).
    let end = this.queueHead;
    let bytes = 0;
    const itemsEnd = Math.min(this.queue.length, this.queueHead + this.options.maxBatchItems);
    while (end < itemsEnd) {
      const size = this.sizes[end] ?? 0;
      if (end > this.queueHead && this.unackedBytes + bytes + size > maxBytes) break;
      bytes += size;
      end++;
    }
    const batch: Batch<T> = {
      seq: this.nextSeq++,
      items: this.queue.slice(this.queueHead, end),
      dropped: this.droppedSinceLastBatch,
    };
    this.unackedSizes.set(batch.seq, bytes);
    this.queuedBytes -= bytes;
    this.unackedBytes += bytes;
    this.queueHead = end;
    this.droppedSinceLastBatch = 0;
    this.compact();
    this.unacked.set(batch.seq, batch);
    return batch;
  }

  /** The background committed this batch. Unknown or repeated acks are ignored. */
  ack(seq: number): void {
    if (!this.unacked.delete(seq)) return;
    this.unackedBytes -= this.unackedSizes.get(seq) ?? 0;
    this.unackedSizes.delete(seq);
  }

  /** Every batch still waiting for an ack, oldest first (to resend after a reconnect). */
  pending(): Batch<T>[] {
    return [...this.unacked.values()].sort((a, b) => a.seq - b.seq);
  }

  private compact(): void {
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.sizes = this.sizes.slice(this.queueHead);
      this.queueHead = 0;
    }
  }
}
