/** The engine's single-instance loops (one instance with one or several workers, open model) give the general loop's result to the bit. */
import { describe, expect, it } from 'vitest';
import type { BalancerName, SimulationConfig, SimulationResult } from '../../../src/core/simulator/index.ts';
import { BALANCER_NAMES, mm1Benchmark, mm8Benchmark, Simulation } from '../../../src/core/simulator/index.ts';
import { exp } from './helpers.ts';

/** The engine's private parts these tests look at. */
interface Internals {
  single: object | null;
  replayInGeneralLoop(processedNow: number): void;
}
const internals = (simulation: Simulation): Internals => simulation as unknown as Internals;

function withoutPerf(result: SimulationResult): Omit<SimulationResult, 'perf'> {
  const { perf: _perf, ...rest } = result;
  return rest;
}

/** Runs to the end in slices of `slice` events (slices end in the middle of the loop's state). */
function run(simulation: Simulation, slice = 997): Omit<SimulationResult, 'perf'> {
  while (!simulation.advance(slice));
  return withoutPerf(simulation.result());
}

function expectSameAsGeneral(config: SimulationConfig): void {
  const fast = new Simulation(config);
  expect(internals(fast).single).not.toBeNull();
  const general = new Simulation(config, { generalLoop: true });
  expect(internals(general).single).toBeNull();
  expect(run(fast)).toEqual(run(general));
}

/** Five endpoints of different service distributions, a bounded queue, a warm-up, step arrivals and a horizon that ends the run with requests in flight. */
function mixed(balancer: BalancerName, capacity: number, workers = 1): SimulationConfig {
  return {
    seed: `single-${balancer}-${capacity}-${workers}`,
    durationMs: 120_000,
    warmupMs: 5_000,
    workload: {
      endpoints: [
        { name: 'fast', weight: 5, service: exp(8) },
        { name: 'slow', weight: 1, service: { type: 'lognormal', medianMs: 40, sigma: 0.8 } },
        { name: 'fixed', weight: 1, service: { type: 'constant', valueMs: 12 } },
        { name: 'range', weight: 1, service: { type: 'uniform', minMs: 5, maxMs: 30 } },
        { name: 'measured', weight: 1, service: { type: 'empirical', valuesMs: [3, 9, 10, 40] } },
      ],
      model: {
        kind: 'open',
        users: 50,
        arrivals: { pattern: 'step', steps: [{ atMs: 0, ratePerSec: 40 }, { atMs: 40_000, ratePerSec: 95 }, { atMs: 80_000, ratePerSec: 20 }] },
      },
    },
    pool: { instances: 1, workersPerInstance: workers, queue: { capacity }, speedFactor: 1.3 / workers },
    balancer,
    slo: { latencyMs: 50, percentile: 90 },
    allowOverload: true,
  };
}

describe('single-instance loop', () => {
  it('matches the general loop on the benchmark M/M/1, in slices and in one call', () => {
    expectSameAsGeneral(mm1Benchmark(30_000));
    const fast = new Simulation(mm1Benchmark(30_000));
    const general = new Simulation(mm1Benchmark(30_000), { generalLoop: true });
    expect(run(fast, Number.MAX_SAFE_INTEGER)).toEqual(run(general, Number.MAX_SAFE_INTEGER));
  });

  it('matches it with every balancer, bounded queues (drops), a warm-up, several endpoints and a horizon', () => {
    for (const balancer of BALANCER_NAMES) for (const capacity of [0, 3, 1000]) expectSameAsGeneral(mixed(balancer, capacity));
  });

  it('matches it with several workers: every balancer, bounded queues, a warm-up, several endpoints and a horizon', () => {
    for (const workers of [2, 3, 8]) for (const balancer of BALANCER_NAMES) for (const capacity of [0, 3, 1000]) expectSameAsGeneral(mixed(balancer, capacity, workers));
  });

  it('matches it with several workers on the benchmark M/M/8 and at the most workers it scans', () => {
    expectSameAsGeneral(mm8Benchmark(30_000));
    expectSameAsGeneral({ ...mm8Benchmark(30_000), pool: { instances: 1, workersPerInstance: 32 }, workload: { ...mm8Benchmark(0).workload, model: { kind: 'open', arrivals: { pattern: 'constant', ratePerSec: 3000 } } } });
  });

  it('matches it when arrivals stop before the horizon (the run goes on to durationMs)', () => {
    const config = mixed('round-robin', 10);
    config.workload.model = { kind: 'open', arrivals: { pattern: 'step', steps: [{ atMs: 0, ratePerSec: 50 }, { atMs: 30_000, ratePerSec: 0 }] } };
    expectSameAsGeneral(config);
  });

  it('matches it in a partial result taken between slices', () => {
    for (const workers of [1, 4]) {
      const fast = new Simulation(mixed('random', 5, workers));
      const general = new Simulation(mixed('random', 5, workers), { generalLoop: true });
      fast.advance(12_345);
      general.advance(12_345);
      expect(fast.now).toBe(general.now);
      expect(withoutPerf(fast.result())).toEqual(withoutPerf(general.result()));
    }
  });

  it('hands over to the general loop mid-run (what a tie does) without changing the result', () => {
    for (const workers of [1, 3]) {
      const config = mixed('least-connections', 4, workers);
      const expected = run(new Simulation(config, { generalLoop: true }));
      const simulation = new Simulation(config);
      simulation.advance(5_000);
      internals(simulation).replayInGeneralLoop(0);
      expect(internals(simulation).single).toBeNull();
      expect(simulation.events).toBe(5_000);
      expect(run(simulation)).toEqual(expected);
    }
  });

  it('is not taken with two instances, more than 32 workers or queue timeouts', () => {
    const base = mm1Benchmark(1000);
    const variants: SimulationConfig[] = [
      { ...base, pool: { instances: 1, workersPerInstance: 33 } },
      { ...base, pool: { instances: 2, workersPerInstance: 1 } },
      { ...base, pool: { instances: 1, workersPerInstance: 1, queue: { timeoutMs: 1000 } } },
    ];
    for (const config of variants) expect(internals(new Simulation(config)).single).toBeNull();
  });
});
