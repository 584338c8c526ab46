/**
 * Pins the complete result (everything but `perf`) of seeded runs that together reach every part
 * of the engine, as a SHA-256 of its JSON plus a few readable figures. Written before the engine's
 * hot path was optimised: a change that moves any figure of these runs, by one bit, fails here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BalancerName, SimulationConfig, SimulationResult } from '../../../src/core/simulator/index.ts';
import { mm1Benchmark, mm8Benchmark, runSimulation } from '../../../src/core/simulator/index.ts';

function digest(result: SimulationResult): string {
  const { perf: _perf, ...rest } = result;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/** The benchmark's M/M/1 (ρ = 0.8) and M/M/8 (ρ = 0.9) models. */
const mm1 = mm1Benchmark(300_000);
const mm8 = mm8Benchmark(200_000);

/** Bounded queues with timeouts, failures at a rate, step arrivals and several instances: every outcome, per balancer. */
function stressed(balancer: BalancerName): SimulationConfig {
  return {
    seed: 'pinned',
    durationMs: 300_000,
    warmupMs: 10_000,
    workload: {
      endpoints: [
        { name: 'fast', weight: 5, service: { type: 'exponential', meanMs: 15 } },
        { name: 'slow', weight: 2, service: { type: 'lognormal', medianMs: 120, sigma: 0.8 } },
        { name: 'fixed', weight: 1, service: { type: 'constant', valueMs: 40 } },
        { name: 'range', weight: 1, service: { type: 'uniform', minMs: 20, maxMs: 90 } },
        { name: 'measured', weight: 1, service: { type: 'empirical', valuesMs: [12, 30, 31, 75, 300] } },
      ],
      model: {
        kind: 'open',
        users: 500,
        arrivals: { pattern: 'step', steps: [{ atMs: 0, ratePerSec: 120 }, { atMs: 100_000, ratePerSec: 260 }, { atMs: 200_000, ratePerSec: 60 }] },
      },
    },
    pool: { instances: 3, workersPerInstance: 4, queue: { capacity: 20, timeoutMs: 400 }, speedFactors: [1, 0.7, 1.5] },
    balancer,
    healthCheck: { intervalMs: 2000, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 1 },
    failures: { rate: { meanTimeBetweenFailuresMs: 60_000, meanTimeToRecoverMs: 8000 }, schedule: [{ atMs: 150_000, instance: 2, durationMs: 20_000 }] },
    slo: { latencyMs: 200, percentile: 90 },
  };
}

/** The benchmark's demo hour, cut to 15 simulated minutes: closed model, least connections, HPA, health checks, a failure. */
const demoQuarter: SimulationConfig = {
  seed: 1,
  durationMs: 900_000,
  workload: {
    endpoints: [
      { name: 'GET /api/dashboard/stats', weight: 20, service: { type: 'lognormal', medianMs: 20, sigma: 0.3 } },
      { name: 'GET /api/users', weight: 25, service: { type: 'lognormal', medianMs: 90, sigma: 0.5 } },
      { name: 'GET /api/users/:id', weight: 25, service: { type: 'lognormal', medianMs: 40, sigma: 0.4 } },
      { name: 'GET /api/orders', weight: 15, service: { type: 'lognormal', medianMs: 250, sigma: 0.5 } },
      { name: 'POST /api/orders', weight: 10, service: { type: 'uniform', minMs: 150, maxMs: 350 } },
      { name: 'GET /api/reports/summary', weight: 5, service: { type: 'uniform', minMs: 400, maxMs: 800 } },
    ],
    model: { kind: 'closed', users: 1000, thinkTime: { type: 'exponential', meanMs: 5000 } },
  },
  pool: { instances: 4, workersPerInstance: 8, queue: { capacity: 200, timeoutMs: 10_000 }, provisioningDelayMs: 30_000 },
  balancer: 'least-connections',
  healthCheck: { intervalMs: 5000, timeoutMs: 1000, unhealthyThreshold: 2, healthyThreshold: 2 },
  failures: { schedule: [{ atMs: 300_000, instance: 1, durationMs: 120_000 }] },
  autoscaler: { kind: 'target-tracking', minReplicas: 2, maxReplicas: 20, targetUtilizationPercent: 60, instanceWarmupMs: 60_000 },
  cost: { pricePerInstanceHour: 0.1 },
};

/** The demo workload fixture (diurnal arrivals, warm-up, peak EWMA, HPA with a scale-down policy). */
const demoFixture = JSON.parse(readFileSync(new URL('./fixtures/demo-config.json', import.meta.url), 'utf8')) as SimulationConfig;

const RUNS: { name: string; config: SimulationConfig }[] = [
  { name: 'M/M/1 ρ 0.8, 300k requests (the benchmark)', config: mm1 },
  { name: 'M/M/8 ρ 0.9, 200k requests', config: mm8 },
  ...(['round-robin', 'weighted-round-robin', 'least-connections', 'random', 'power-of-two', 'peak-ewma', 'consistent-hash'] as const).map((balancer) => ({
    name: `stressed pool, ${balancer}`,
    config: stressed(balancer),
  })),
  { name: 'demo app, 15 simulated minutes, target tracking', config: demoQuarter },
  { name: 'fixture demo-config.json', config: demoFixture },
];

/** What each run gave before the optimisation: readable figures, then the digest of the whole result. */
const PINNED: Record<string, { events: number; completed: number; meanMs: number; p99Ms: number; sha256: string }> = {
  "M/M/1 ρ 0.8, 300k requests (the benchmark)": {"events":600074,"completed":300000,"meanMs":50.43378033584819,"p99Ms":235,"sha256":"1aa1dfd1dc840d977dbdd8837e8ca569a840a432cab5254994269b42e505d259"},
  "M/M/8 ρ 0.9, 200k requests": {"events":400055,"completed":200000,"meanMs":18.622779616404852,"p99Ms":68.5,"sha256":"e86317f2be2409ca1710901b54e2b253b253d521e3134309b65684eb24256af2"},
  "stressed pool, round-robin": {"events":84389,"completed":34827,"meanMs":158.17822609028644,"p99Ms":700,"sha256":"eeadfebd24c4464287203295f139de953bdf3dd4fdf993670970b6eb2ba3754f"},
  "stressed pool, weighted-round-robin": {"events":85006,"completed":36409,"meanMs":155.10725995447157,"p99Ms":660,"sha256":"cd2f7eed13adeea87db57f31acc8a9b9f5d0db0a8b434caf2a3db16393cd1b2b"},
  "stressed pool, least-connections": {"events":81433,"completed":34558,"meanMs":135.81174264614532,"p99Ms":564,"sha256":"486c772b4523158dd0362b8ad89c1d859e9febb975aff1e08ecf14715630ac11"},
  "stressed pool, random": {"events":84086,"completed":34651,"meanMs":155.0325770655072,"p99Ms":684,"sha256":"ac59a584a465a58f51620d44451fb64c6cc868c2c3e34c68d2d37b156be61bd2"},
  "stressed pool, power-of-two": {"events":82475,"completed":35293,"meanMs":141.05611988105187,"p99Ms":580,"sha256":"1d4127e6f2af732fe30ec61c4f47837458c581915a3fae26def5d02d8b80590c"},
  "stressed pool, peak-ewma": {"events":82736,"completed":35159,"meanMs":145.0269415820462,"p99Ms":604,"sha256":"7306d11393703fb61c43e4d522d5d8389c9f956be1de2794648e0e051bed6d6b"},
  "stressed pool, consistent-hash": {"events":84299,"completed":34923,"meanMs":153.41677284041134,"p99Ms":692,"sha256":"f68a40925a7f768ab997b3363d7de75f8a802339dec1cdb7c419dd6e0b862cf4"},
  "demo app, 15 simulated minutes, target tracking": {"events":350247,"completed":174394,"meanMs":139.71348810600523,"p99Ms":740,"sha256":"39b7966e10b453ca962ed5ef8176affbb2e16ad76c2132970c5e2256dbd847c9"},
  "fixture demo-config.json": {"events":215530,"completed":103271,"meanMs":140.56348614836,"p99Ms":796,"sha256":"cde577eb9f31a5417fd86a9123706af0847cef2c1a2fdded6302c0fa18b5a019"},
};

describe('seeded runs stay bit for bit the same', () => {
  it.each(RUNS)('$name', ({ name, config }) => {
    const result = runSimulation(config);
    const actual = { events: result.events, completed: result.requests.completed, meanMs: result.latency.meanMs, p99Ms: result.latency.p99Ms, sha256: digest(result) };
    expect(actual).toEqual(PINNED[name]);
  });
});
