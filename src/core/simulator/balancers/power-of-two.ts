import type { Rng } from '../rng.ts';
import type { BalancerView, LoadBalancer } from './types.ts';
import { loadPerWeight } from './types.ts';

/** A position in [0, n) other than `first`, chosen uniformly (n ≥ 2). */
export function otherPosition(rng: Rng, n: number, first: number): number {
  const second = Math.floor(rng.next() * (n - 1));
  return second >= first ? second + 1 : second;
}

/**
 * Power of two choices (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing",
 * 2001): sample two distinct eligible instances, send to the one with fewer outstanding requests
 * per unit of weight (the first on a tie, which is itself random).
 */
export class PowerOfTwoBalancer implements LoadBalancer {
  readonly name = 'power-of-two';
  readonly observesLatency = false;
  readonly keyedByUser = false;

  constructor(private readonly rng: Rng) {}

  pick(view: BalancerView): number {
    const eligible = view.eligible;
    const n = eligible.length;
    if (n === 0) return -1;
    const a = Math.floor(this.rng.next() * n);
    const first = eligible[a]!;
    if (n === 1) return first;
    const second = eligible[otherPosition(this.rng, n, a)]!;
    return loadPerWeight(view.instances[second]!) < loadPerWeight(view.instances[first]!) ? second : first;
  }

  observe(): void {}
}
