import type { BalancerView, LoadBalancer } from './types.ts';

/** Round robin: each eligible instance in turn. */
export class RoundRobinBalancer implements LoadBalancer {
  readonly name = 'round-robin';
  readonly observesLatency = false;
  readonly keyedByUser = false;
  private cursor = 0;

  pick(view: BalancerView): number {
    const eligible = view.eligible;
    if (eligible.length === 0) return -1;
    if (this.cursor >= eligible.length) this.cursor = 0;
    return eligible[this.cursor++]!;
  }

  observe(): void {}
}
