/**
 * The future-event list the engine uses: a binary heap while it is small, and a two-level bucket
 * queue (a calendar queue without years) once it is large.
 *
 * Large: time is cut into `bucketCount` buckets of `width` ms from `base`; an event goes into the
 * bucket its time falls in (an unsorted linked list in typed arrays, O(1)), or into one overflow
 * list past the last bucket. Only the current bucket is ordered, in the binary heap this class
 * extends (the "front"), so a push or pop costs a few comparisons instead of log2(N) cache
 * misses. When the buckets are used up, the overflow is cut into new buckets whose width comes
 * from the spacing of the events popped meanwhile (a few events per bucket at the head of the
 * queue).
 *
 * Simulated time only moves forward, but nothing here depends on it: an event earlier than the
 * current bucket simply goes into the front heap. The bucket of a time is a monotone function of
 * it (floor((t − base) · 1/width), both steps monotone in floating point), so every event in the
 * front is no later than any event in a bucket. Same pushes and pops ⇒ same order, ties included.
 */
import { EVENT_KIND_BITS, EventHeap } from './heap.ts';

const KIND_MASK = (1 << EVENT_KIND_BITS) - 1;
/** Below this many pending events a plain heap is faster than buckets. */
const BUCKETS_FROM_SIZE = 4096;
/** Pops observed before the first bucket width is estimated. */
const POPS_BEFORE_BUCKETS = 1024;
/** Target events per bucket at the head of the queue. */
const PER_BUCKET = 2;
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 1 << 20;
const NONE = -1;

/**
 * Pending events ordered by time; pop() takes out the earliest into topTime/topKind/topPayload.
 * The heap it extends is the front: all of the events while they are few, the current bucket's once
 * they are many (so a small queue costs one heap operation, not a call into a second object).
 */
export class EventQueue extends EventHeap {
  /** Events waiting, in the front and in the buckets. */
  private pending = 0;
  private bucketed = false;
  // The buckets: heads of linked lists over the node arrays.
  private heads = new Int32Array(0);
  private bucketCount = 0;
  private current = 0;
  private base = 0;
  private inverseWidth = 0;
  private overflow = NONE;
  private overflowCount = 0;
  // Nodes: 16 bytes each, time (a double at 2·node) then code and next (int32s at 4·node + 2 and + 3),
  // so following a bucket's list touches one cache line per node instead of three. A free list threads the unused ones.
  private nodeTime: Float64Array;
  private nodeWords: Int32Array;
  private nodeCapacity: number;
  private free = NONE;
  private nodesUsed = 0;
  // Pop statistics since the last re-cut, for the next bucket width.
  private pops = 0;
  private firstPopTime = 0;
  /** The time of the event push() hands to pushBucketed. */
  private pushTime = 0;

  constructor(initialCapacity = 1024) {
    super(Math.min(initialCapacity, BUCKETS_FROM_SIZE));
    const capacity = Math.max(16, initialCapacity);
    this.nodeCapacity = capacity;
    this.nodeTime = new Float64Array(capacity * 2);
    this.nodeWords = new Int32Array(this.nodeTime.buffer);
  }

  /** Events waiting. */
  override get size(): number {
    return this.pending;
  }

  /** Time of the next event, or Infinity when there is none. */
  override peekTime(): number {
    if (this.pending === 0) return Infinity;
    if (this.frontSize === 0) this.refill();
    return super.peekTime();
  }

  /** Schedules an event of a kind (0..15) with a payload (0..MAX_EVENT_PAYLOAD). */
  override push(time: number, kind: number, payload: number): void {
    // Kept small so that the engine's call sites inline it (a double passed to a call that is not inlined is boxed).
    this.pending++;
    if (this.bucketed) {
      // The time goes through a field: pushBucketed is too big to inline, and a double passed to it would be boxed (a heap allocation per push).
      this.pushTime = time;
      this.pushBucketed(kind, payload);
    } else super.push(time, kind, payload);
  }

  /** Takes out the earliest event into topTime/topKind/topPayload; false when empty. */
  override pop(): boolean {
    if (this.pending === 0) return false;
    if (!this.bucketed && this.frontSize >= BUCKETS_FROM_SIZE && this.pops >= POPS_BEFORE_BUCKETS) this.startBuckets();
    if (this.frontSize === 0) this.refill();
    super.pop();
    this.pending--;
    if (this.pops++ === 0) this.firstPopTime = this.topTime;
    return true;
  }

  /** Drops every event. */
  override clear(): void {
    super.clear();
    this.pending = 0;
    this.bucketed = false;
    this.heads.fill(NONE);
    this.overflow = NONE;
    this.overflowCount = 0;
    this.free = NONE;
    this.nodesUsed = 0;
    this.pops = 0;
  }

  private pushBucketed(kind: number, payload: number): void {
    const time = this.pushTime;
    const index = Math.floor((time - this.base) * this.inverseWidth);
    if (index < this.current) super.push(time, kind, payload);
    else this.link(time, (payload << EVENT_KIND_BITS) | kind, index);
  }

  private link(time: number, code: number, index: number): void {
    let node = this.free;
    if (node !== NONE) this.free = this.nodeWords[4 * node + 3]!;
    else {
      if (this.nodesUsed === this.nodeCapacity) this.growNodes();
      node = this.nodesUsed++;
    }
    this.nodeTime[2 * node] = time;
    this.nodeWords[4 * node + 2] = code;
    this.attach(node, index);
  }

  /** Puts a node at the head of bucket `index`, or in the overflow past the last bucket. */
  private attach(node: number, index: number): void {
    if (index < this.bucketCount) {
      this.nodeWords[4 * node + 3] = this.heads[index]!;
      this.heads[index] = node;
    } else {
      this.nodeWords[4 * node + 3] = this.overflow;
      this.overflow = node;
      this.overflowCount++;
    }
  }

  /** The front is empty: move the next non-empty bucket into it, re-cutting the buckets when they run out. */
  private refill(): void {
    for (;;) {
      const heads = this.heads;
      while (this.current < this.bucketCount) {
        const index = this.current++;
        let node = heads[index]!;
        if (node === NONE) continue;
        heads[index] = NONE;
        const nodeTime = this.nodeTime;
        const nodeWords = this.nodeWords;
        while (node !== NONE) {
          const next = nodeWords[4 * node + 3]!;
          const code = nodeWords[4 * node + 2]!;
          super.push(nodeTime[2 * node]!, code & KIND_MASK, code >> EVENT_KIND_BITS);
          nodeWords[4 * node + 3] = this.free;
          this.free = node;
          node = next;
        }
        return;
      }
      this.recut();
      if (this.frontSize > 0) return;
    }
  }

  /** Switches from the plain heap to buckets: every pending event leaves the front for a bucket. */
  private startBuckets(): void {
    const pending = this.frontSize;
    // Draining the front overwrites top*, and cut() reads topTime (the last event taken out).
    const { topTime, topKind, topPayload } = this;
    let min = Infinity;
    let max = -Infinity;
    const times = new Float64Array(pending);
    const codes = new Int32Array(pending);
    for (let i = 0; i < pending; i++) {
      super.pop();
      times[i] = this.topTime;
      codes[i] = (this.topPayload << EVENT_KIND_BITS) | this.topKind;
      if (this.topTime < min) min = this.topTime;
      if (this.topTime > max) max = this.topTime;
    }
    this.topTime = topTime;
    this.topKind = topKind;
    this.topPayload = topPayload;
    this.bucketed = true;
    this.cut(min, max, pending);
    for (let i = 0; i < pending; i++) this.place(times[i]!, codes[i]!);
  }


  /** The buckets are used up: cut the overflow into new ones. */
  private recut(): void {
    const nodeTime = this.nodeTime;
    const nodeWords = this.nodeWords;
    let min = Infinity;
    let max = -Infinity;
    for (let node = this.overflow; node !== NONE; node = nodeWords[4 * node + 3]!) {
      const time = nodeTime[2 * node]!;
      if (time < min) min = time;
      if (time > max) max = time;
    }
    let node = this.overflow;
    const pending = this.overflowCount;
    this.overflow = NONE;
    this.overflowCount = 0;
    if (!(max - min < Infinity)) {
      // An infinite time cannot be bucketed: back to the plain heap.
      for (; node !== NONE; node = nodeWords[4 * node + 3]!) super.push(nodeTime[2 * node]!, nodeWords[4 * node + 2]! & KIND_MASK, nodeWords[4 * node + 2]! >> EVENT_KIND_BITS);
      this.free = NONE;
      this.nodesUsed = 0;
      this.bucketed = false;
      this.pops = 0;
      this.current = this.bucketCount = 0;
      return;
    }
    this.cut(min, max, pending);
    while (node !== NONE) {
      const next = nodeWords[4 * node + 3]!;
      this.attach(node, Math.floor((nodeTime[2 * node]! - this.base) * this.inverseWidth));
      node = next;
    }
  }

  /** New buckets from `min`: a width of PER_BUCKET pop spacings, enough of them for about four times the pending events' worth. */
  private cut(min: number, max: number, pending: number): void {
    const elapsed = this.topTime - this.firstPopTime;
    let width = this.pops > 1 && elapsed > 0 ? (elapsed / (this.pops - 1)) * PER_BUCKET : 0;
    if (!(width > 0) || !Number.isFinite(width)) width = max > min ? ((max - min) / Math.max(1, pending)) * PER_BUCKET : 1;
    if (!Number.isFinite(1 / width)) width = 1;
    let buckets = MIN_BUCKETS;
    while (buckets < MAX_BUCKETS && buckets * PER_BUCKET < 4 * pending) buckets *= 2;
    if (this.heads.length < buckets) this.heads = new Int32Array(buckets);
    this.heads.fill(NONE, 0, buckets);
    this.bucketCount = buckets;
    this.current = 0;
    this.base = min;
    this.inverseWidth = 1 / width;
    this.pops = 0;
  }

  private place(time: number, code: number): void {
    const index = Math.floor((time - this.base) * this.inverseWidth);
    if (index < this.current) super.push(time, code & KIND_MASK, code >> EVENT_KIND_BITS);
    else this.link(time, code, index);
  }

  private growNodes(): void {
    this.nodeCapacity *= 2;
    const times = new Float64Array(this.nodeCapacity * 2);
    times.set(this.nodeTime);
    this.nodeTime = times;
    this.nodeWords = new Int32Array(times.buffer);
  }
}
