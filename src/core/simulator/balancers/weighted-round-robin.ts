import type { BalancerView, LoadBalancer } from './types.ts';

/**
 * Smooth weighted round robin, as NGINX does it (ngx_http_upstream_get_peer): every pick adds each
 * peer's weight to its current weight, picks the largest current weight and subtracts the total
 * from it. Weights 5, 1, 1 give a, a, b, a, c, a, a — spread out rather than a, a, a, a, a, b, c.
 * Current weights restart from zero when the set of eligible instances changes.
 */
export class WeightedRoundRobinBalancer implements LoadBalancer {
  readonly name = 'weighted-round-robin';
  readonly observesLatency = false;
  readonly keyedByUser = false;
  private current: number[] = [];
  private version = -1;

  pick(view: BalancerView): number {
    const eligible = view.eligible;
    if (eligible.length === 0) return -1;
    if (view.version !== this.version) {
      this.current = eligible.map(() => 0);
      this.version = view.version;
    }
    let total = 0;
    let best = 0;
    for (let i = 0; i < eligible.length; i++) {
      const weight = view.instances[eligible[i]!]!.weight;
      const current = (this.current[i] = this.current[i]! + weight);
      total += weight;
      if (current > this.current[best]!) best = i;
    }
    this.current[best] = this.current[best]! - total;
    return eligible[best]!;
  }

  observe(): void {}
}
