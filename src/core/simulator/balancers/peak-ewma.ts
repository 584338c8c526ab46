import type { BalancerConfig } from '../config.ts';
import type { Rng } from '../rng.ts';
import { otherPosition } from './power-of-two.ts';
import type { BalancerView, LoadBalancer } from './types.ts';

/** Load given to an instance with outstanding requests and no latency estimate yet (Finagle's Penalty). */
const PENALTY = 2 ** 47;

/**
 * Peak-EWMA (Finagle's PeakEwma balancer, also Linkerd's): each instance keeps an exponentially
 * weighted moving average of response time that jumps up to any slower observation at once
 * ("peak") and decays with time constant decayMs; reading it decays it toward 0 so idle instances
 * get probed again. Load = cost × (outstanding + 1); the pick is power of two choices on that load.
 */
export class PeakEwmaBalancer implements LoadBalancer {
  readonly name = 'peak-ewma';
  readonly observesLatency = true;
  readonly keyedByUser = false;
  private cost: number[] = [];
  private stamp: number[] = [];

  constructor(
    private readonly config: Required<BalancerConfig>,
    private readonly rng: Rng,
  ) {}

  pick(view: BalancerView, _userKey: number, nowMs: number): number {
    const eligible = view.eligible;
    const n = eligible.length;
    if (n === 0) return -1;
    const a = Math.floor(this.rng.next() * n);
    const first = eligible[a]!;
    if (n === 1) return first;
    const second = eligible[otherPosition(this.rng, n, a)]!;
    return this.load(view, second, nowMs) < this.load(view, first, nowMs) ? second : first;
  }

  observe(instanceIndex: number, latencyMs: number, nowMs: number): void {
    this.update(instanceIndex, latencyMs, nowMs);
  }

  private load(view: BalancerView, index: number, nowMs: number): number {
    const cost = this.update(index, 0, nowMs);
    const outstanding = view.instances[index]!.outstanding;
    return cost === 0 && outstanding !== 0 ? PENALTY + outstanding : cost * (outstanding + 1);
  }

  /** Finagle's observe(rtt): peak-sensitive EWMA with a time-based weight. */
  private update(index: number, latencyMs: number, nowMs: number): number {
    this.ensure(index, nowMs);
    const elapsed = Math.max(0, nowMs - this.stamp[index]!);
    const weight = Math.exp(-elapsed / this.config.decayMs);
    const previous = this.cost[index]!;
    const cost = latencyMs > previous ? latencyMs : previous * weight + latencyMs * (1 - weight);
    this.cost[index] = cost;
    this.stamp[index] = nowMs;
    return cost;
  }

  private ensure(index: number, nowMs: number): void {
    while (this.cost.length <= index) {
      this.cost.push(this.config.initialLatencyMs);
      this.stamp.push(nowMs);
    }
  }
}
