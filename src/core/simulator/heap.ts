/**
 * The future-event list: a binary min-heap over two flat typed arrays, event times (Float64Array)
 * and event codes (Int32Array: the kind in the low 4 bits, a payload index above it, an index into
 * whatever table the kind refers to). Nothing is allocated per event.
 *
 * Events at exactly the same time come out in an order fixed by the heap operations: deterministic
 * (same pushes, same pops), but not necessarily the order they were pushed. A FIFO tie-break needs a
 * sequence number per entry, which measured 20–40 % slower on large heaps (memory traffic), and the
 * model does not depend on it.
 */

/** Kinds are 0..15. */
export const EVENT_KIND_BITS = 4;
const KIND_MASK = (1 << EVENT_KIND_BITS) - 1;
/** Payloads are 0..2^27 − 1. */
export const MAX_EVENT_PAYLOAD = 2 ** (31 - EVENT_KIND_BITS) - 1;

export class EventHeap {
  private times: Float64Array;
  private codes: Int32Array;
  private count = 0;

  /** Time of the event the last pop() took out. */
  topTime = 0;
  /** Kind of the event the last pop() took out. */
  topKind = 0;
  /** Payload of the event the last pop() took out. */
  topPayload = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.times = new Float64Array(capacity);
    this.codes = new Int32Array(capacity);
  }

  /** Events waiting. */
  get size(): number {
    return this.count;
  }

  /** Events in this heap itself (a subclass may hold more elsewhere and override size). */
  protected get frontSize(): number {
    return this.count;
  }

  /** Time of the next event, or Infinity when there is none. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  /** Schedules an event of a kind (0..15) with a payload (0..MAX_EVENT_PAYLOAD). */
  push(time: number, kind: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const codes = this.codes;
    const code = (payload << EVENT_KIND_BITS) | kind;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent]!;
      if (parentTime <= time) break;
      times[i] = parentTime;
      codes[i] = codes[parent]!;
      i = parent;
    }
    times[i] = time;
    codes[i] = code;
  }

  /** Takes out the earliest event into topTime/topKind/topPayload; false when empty. */
  pop(): boolean {
    const n = this.count;
    if (n === 0) return false;
    const times = this.times;
    const codes = this.codes;
    const top = codes[0]!;
    this.topTime = times[0]!;
    this.topKind = top & KIND_MASK;
    this.topPayload = top >> EVENT_KIND_BITS;
    const last = n - 1;
    this.count = last;
    if (last === 0) return true;
    const time = times[last]!;
    const code = codes[last]!;
    const half = last >> 1;
    let i = 0;
    while (i < half) {
      let child = 2 * i + 1;
      let childTime = times[child]!;
      const right = child + 1;
      if (right < last) {
        const rightTime = times[right]!;
        if (rightTime < childTime) {
          child = right;
          childTime = rightTime;
        }
      }
      if (time <= childTime) break;
      times[i] = childTime;
      codes[i] = codes[child]!;
      i = child;
    }
    times[i] = time;
    codes[i] = code;
    return true;
  }

  /** Drops every event. */
  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const codes = new Int32Array(capacity);
    codes.set(this.codes);
    this.times = times;
    this.codes = codes;
  }
}
