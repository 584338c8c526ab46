/**
 * The endpoint and the service time of the next requests, drawn a block at a time. The endpoint
 * comes from the mix stream and the service time from the service stream, and no other code reads
 * either, so drawing ahead gives every request the same values, in the same order, as drawing
 * each when it is issued; the hot loop then reads two typed arrays instead of making two calls.
 */
import { SAMPLE_BLOCK_SIZE } from './distributions.ts';
import type { Sampler } from './distributions.ts';
import type { Rng } from './rng.ts';

export class RequestDraws {
  /** Endpoint index of each drawn request. */
  readonly endpoint = new Int32Array(SAMPLE_BLOCK_SIZE);
  /** Its service time on an instance of speed 1, ms. */
  readonly service = new Float64Array(SAMPLE_BLOCK_SIZE);
  private index = SAMPLE_BLOCK_SIZE;

  constructor(
    /** Cumulative shares of the endpoints' weights, the last exactly 1. */
    private readonly mix: Float64Array,
    private readonly services: readonly Sampler[],
    private readonly mixRng: Rng,
    private readonly serviceRng: Rng,
  ) {}

  /** Moves to the next request and returns its index in `endpoint` and `service`. */
  take(): number {
    if (this.index === SAMPLE_BLOCK_SIZE) this.refill();
    return this.index++;
  }

  private refill(): void {
    if (this.mix.length === 1) {
      // One endpoint: no mix draw, so the block is one sampler's run.
      this.services[0]!.fill(this.service, 0, SAMPLE_BLOCK_SIZE, this.serviceRng);
      this.index = 0;
      return;
    }
    for (let k = 0; k < SAMPLE_BLOCK_SIZE; k++) {
      const endpoint = this.pickEndpoint();
      this.endpoint[k] = endpoint;
      this.service[k] = this.services[endpoint]!.sample(this.serviceRng);
    }
    this.index = 0;
  }

  /** The endpoint whose cumulative share first exceeds a uniform draw (no draw with one endpoint). */
  private pickEndpoint(): number {
    const mix = this.mix;
    if (mix.length === 1) return 0;
    const u = this.mixRng.next();
    let low = 0;
    let high = mix.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (mix[mid]! <= u) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
