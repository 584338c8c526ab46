/**
 * Textbook queueing models as simulator configurations: an open model with Poisson arrivals and
 * one endpoint, and the two the benchmark measures (M/M/1 and M/M/8), which the pinned seeded
 * results also run. Their closed forms are known, so they check the engine and time it.
 */
import type { BalancerName, SimulationConfig } from './config.ts';
import type { Distribution } from './distributions.ts';

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

/** M/M/1 at ρ = 0.8: 80 requests/s, exponential service of mean 10 ms. */
export function mm1Benchmark(requests: number): SimulationConfig {
  return openModel({ ratePerSec: 80, service: { type: 'exponential', meanMs: 10 }, requests });
}

/** M/M/8 with one shared queue at ρ = 0.9: 720 requests/s, exponential service of mean 10 ms. */
export function mm8Benchmark(requests: number): SimulationConfig {
  return openModel({ ratePerSec: 720, service: { type: 'exponential', meanMs: 10 }, requests, workers: 8 });
}
