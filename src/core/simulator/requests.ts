/**
 * The table of requests in the system, as parallel typed arrays indexed by slot. Slots are
 * recycled through a free list, so the hot loop allocates nothing per request.
 */
import { MAX_EVENT_PAYLOAD } from './heap.ts';

/** Waiting in an instance's queue. */
export const REQUEST_QUEUED = 1;
/** Being served by a worker. */
export const REQUEST_IN_SERVICE = 2;
/** Was in service on an instance that failed: already counted as failed; its slot is freed when its service-done event fires. */
export const REQUEST_ABANDONED = 3;

export class RequestTable {
  endpoint: Int32Array;
  user: Int32Array;
  instance: Int32Array;
  state: Uint8Array;
  /** Time the request was issued, ms. */
  arrival: Float64Array;
  /** Time a worker started on it, ms. */
  start: Float64Array;
  /** Server time on an instance of speed 1, ms. */
  service: Float64Array;
  private free: Int32Array;
  private freeCount = 0;
  /** Slots ever handed out (the high-water mark). */
  used = 0;

  constructor(initialCapacity = 1024) {
    this.endpoint = new Int32Array(initialCapacity);
    this.user = new Int32Array(initialCapacity);
    this.instance = new Int32Array(initialCapacity);
    this.state = new Uint8Array(initialCapacity);
    this.arrival = new Float64Array(initialCapacity);
    this.start = new Float64Array(initialCapacity);
    this.service = new Float64Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
  }

  /** Per endpoint, requests in the system (queued or in service, not abandoned) issued at or after fromMs. */
  inFlightByEndpoint(endpoints: number, fromMs: number): Int32Array {
    const counts = new Int32Array(endpoints);
    for (let slot = 0; slot < this.used; slot++) {
      const state = this.state[slot];
      if ((state === REQUEST_QUEUED || state === REQUEST_IN_SERVICE) && this.arrival[slot]! >= fromMs) counts[this.endpoint[slot]!]!++;
    }
    return counts;
  }

  /** A free slot. */
  alloc(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    if (this.used === this.arrival.length) this.grow();
    return this.used++;
  }

  /** Returns a slot to the free list. */
  release(slot: number): void {
    this.state[slot] = 0;
    this.free[this.freeCount++] = slot;
  }

  private grow(): void {
    const capacity = this.arrival.length * 2;
    if (capacity > MAX_EVENT_PAYLOAD + 1) throw new RangeError(`more than ${MAX_EVENT_PAYLOAD + 1} requests in the system at once`);
    this.endpoint = grownInt32(this.endpoint, capacity);
    this.user = grownInt32(this.user, capacity);
    this.instance = grownInt32(this.instance, capacity);
    this.free = grownInt32(this.free, capacity);
    const state = new Uint8Array(capacity);
    state.set(this.state);
    this.state = state;
    this.arrival = grownFloat64(this.arrival, capacity);
    this.start = grownFloat64(this.start, capacity);
    this.service = grownFloat64(this.service, capacity);
  }
}

function grownInt32(source: Int32Array, capacity: number): Int32Array {
  const target = new Int32Array(capacity);
  target.set(source);
  return target;
}

function grownFloat64(source: Float64Array, capacity: number): Float64Array {
  const target = new Float64Array(capacity);
  target.set(source);
  return target;
}
