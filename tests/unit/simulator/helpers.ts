/** Shared builders for the simulator tests. */
import type { BalancerName, Distribution, SimulationConfig } from '../../../src/core/simulator/index.ts';

/** An open model with one endpoint: Poisson arrivals at ratePerSec, the given service time. */
export function openModel(options: {
  ratePerSec: number;
  service: Distribution;
  requests?: number;
  durationMs?: number;
  instances?: number;
  workers?: number;
  balancer?: BalancerName;
  seed?: number;
}): SimulationConfig {
  return {
    seed: options.seed ?? 1,
    ...(options.requests !== undefined ? { maxRequests: options.requests } : {}),
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    workload: {
      endpoints: [{ name: 'GET /api/items', weight: 1, service: options.service }],
      model: { kind: 'open', arrivals: { pattern: 'constant', ratePerSec: options.ratePerSec } },
    },
    pool: { instances: options.instances ?? 1, workersPerInstance: options.workers ?? 1 },
    balancer: options.balancer ?? 'round-robin',
  };
}

export const exp = (meanMs: number): Distribution => ({ type: 'exponential', meanMs });
export const constant = (valueMs: number): Distribution => ({ type: 'constant', valueMs });

/** |actual − expected| / expected. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}
