import type { BalancerView, LoadBalancer } from './types.ts';
import { loadPerWeight } from './types.ts';

/**
 * Least connections: the instance with the fewest outstanding requests per unit of weight (as
 * NGINX least_conn). Ties go round robin: the scan starts one place further each time.
 */
export class LeastConnectionsBalancer implements LoadBalancer {
  readonly name = 'least-connections';
  readonly observesLatency = false;
  readonly keyedByUser = false;
  private start = 0;

  pick(view: BalancerView): number {
    const eligible = view.eligible;
    const n = eligible.length;
    if (n === 0) return -1;
    if (this.start >= n) this.start = 0;
    let best = -1;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      let i = this.start + k;
      if (i >= n) i -= n;
      const index = eligible[i]!;
      const load = loadPerWeight(view.instances[index]!);
      if (load < bestLoad) {
        bestLoad = load;
        best = index;
      }
    }
    this.start++;
    return best;
  }

  observe(): void {}
}
