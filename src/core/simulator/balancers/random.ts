import type { Rng } from '../rng.ts';
import type { BalancerView, LoadBalancer } from './types.ts';

/** Random: an eligible instance chosen uniformly. */
export class RandomBalancer implements LoadBalancer {
  readonly name = 'random';
  readonly observesLatency = false;
  readonly keyedByUser = false;

  constructor(private readonly rng: Rng) {}

  pick(view: BalancerView): number {
    const eligible = view.eligible;
    if (eligible.length === 0) return -1;
    return eligible[Math.floor(this.rng.next() * eligible.length)]!;
  }

  observe(): void {}
}
