/** The engine's behaviour: determinism, slicing, cancellation, progress, failures and health checks, queues, series, comparison. */
import { describe, expect, it } from 'vitest';
import type { SimulationConfig, SimulationResult } from '../../../src/core/simulator/index.ts';
import {
  compareConfigurations,
  compareConfigurationsAsync,
  runSimulation,
  runSimulationAsync,
  Simulation,
  SimulationCancelledError,
  SimulationLimitError,
} from '../../../src/core/simulator/index.ts';
import { EventHeap } from '../../../src/core/simulator/heap.ts';
import { constant, exp, openModel, relativeError } from './helpers.ts';

function withoutPerf(result: SimulationResult): Omit<SimulationResult, 'perf'> {
  const { perf: _perf, ...rest } = result;
  return rest;
}

/** Six endpoints, 200 users thinking 5 s, HPA, health checks and an injected failure: most of the engine at once. */
function busyConfig(seed: number | string = 42): SimulationConfig {
  return {
    seed,
    durationMs: 600_000,
    workload: {
      endpoints: [
        { name: 'GET /api/users', weight: 30, service: { type: 'lognormal', medianMs: 100, sigma: 0.5 } },
        { name: 'GET /api/users/:id', weight: 30, service: { type: 'lognormal', medianMs: 40, sigma: 0.4 } },
        { name: 'GET /api/orders', weight: 15, service: { type: 'lognormal', medianMs: 250, sigma: 0.5 } },
        { name: 'POST /api/orders', weight: 10, service: { type: 'uniform', minMs: 150, maxMs: 300 } },
        { name: 'GET /api/reports/summary', weight: 5, service: { type: 'empirical', valuesMs: [420, 510, 640, 800] } },
        { name: 'GET /api/dashboard/stats', weight: 10, service: exp(20) },
      ],
      model: { kind: 'closed', users: 200, thinkTime: exp(5000) },
    },
    pool: { instances: 2, workersPerInstance: 4, queue: { capacity: 50, timeoutMs: 5000 }, provisioningDelayMs: 20_000 },
    balancer: 'peak-ewma',
    healthCheck: { intervalMs: 5000, timeoutMs: 1000, unhealthyThreshold: 2, healthyThreshold: 2 },
    failures: { schedule: [{ atMs: 200_000, instance: 0, durationMs: 60_000 }] },
    autoscaler: { kind: 'hpa', minReplicas: 2, maxReplicas: 10, targetUtilizationPercent: 60 },
    cost: { pricePerInstanceHour: 0.2 },
    slo: { latencyMs: 300, percentile: 95 },
  };
}

describe('event heap', () => {
  it('pops every event in time order with its kind and payload, growing as needed', () => {
    const heap = new EventHeap(16);
    const pushed: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(((i * 7919) % 1000) / 10); // many ties
      heap.push(t, i % 13, i * 1000);
      pushed.push(`${t}:${i % 13}:${i * 1000}`);
    }
    const popped: string[] = [];
    let previous = -Infinity;
    while (heap.pop()) {
      expect(heap.topTime).toBeGreaterThanOrEqual(previous);
      previous = heap.topTime;
      popped.push(`${heap.topTime}:${heap.topKind}:${heap.topPayload}`);
    }
    expect(popped.sort()).toEqual(pushed.sort());
    expect(heap.size).toBe(0);
  });

  it('is deterministic on ties: the same pushes give the same pops', () => {
    const run = (): number[] => {
      const heap = new EventHeap();
      for (let i = 0; i < 1000; i++) heap.push(i % 7, 1, i);
      const order: number[] = [];
      while (heap.pop()) order.push(heap.topPayload);
      return order;
    };
    expect(run()).toEqual(run());
  });
});

describe('determinism', () => {
  it('same seed and config give the same result, bit for bit; another seed does not', () => {
    const a = JSON.stringify(withoutPerf(runSimulation(busyConfig(42))));
    const b = JSON.stringify(withoutPerf(runSimulation(busyConfig(42))));
    const c = JSON.stringify(withoutPerf(runSimulation(busyConfig(43))));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('slicing does not change the result', () => {
    const whole = runSimulation(busyConfig(), { progressEvery: 1e9 });
    const sliced = runSimulation(busyConfig(), { progressEvery: 997 });
    expect(JSON.stringify(withoutPerf(sliced))).toBe(JSON.stringify(withoutPerf(whole)));
  });
});

describe('progress and cancellation', () => {
  it('reports non-decreasing progress ending at 1', () => {
    const seen: number[] = [];
    runSimulation(busyConfig(), { progressEvery: 2000, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen.at(-1)).toBe(1);
    expect(seen[0]!).toBeLessThan(0.5);
  });

  it('stops with SimulationCancelledError when the signal is aborted', () => {
    const signal = { aborted: false };
    let calls = 0;
    const run = (): SimulationResult =>
      runSimulation(busyConfig(), {
        signal,
        progressEvery: 2000,
        onProgress: () => {
          if (++calls === 3) signal.aborted = true;
        },
      });
    expect(run).toThrow(SimulationCancelledError);
    expect(calls).toBe(3);
  });

  it('runs asynchronously, yielding between slices, and can be cancelled by an AbortController', async () => {
    let yields = 0;
    const result = await runSimulationAsync(busyConfig(), { progressEvery: 5000, yieldToHost: async () => void yields++ });
    expect(yields).toBeGreaterThan(2);
    expect(JSON.stringify(withoutPerf(result))).toBe(JSON.stringify(withoutPerf(runSimulation(busyConfig()))));
    const controller = new AbortController();
    const cancelled = runSimulationAsync(busyConfig(), { signal: controller.signal, progressEvery: 5000, yieldToHost: async () => controller.abort() });
    await expect(cancelled).rejects.toBeInstanceOf(SimulationCancelledError);
  });

  it('a host can drive the slices itself', () => {
    const simulation = new Simulation(busyConfig());
    let slices = 0;
    while (!simulation.advance(5000)) slices++;
    expect(slices).toBeGreaterThan(5);
    expect(simulation.progress).toBe(1);
    expect(simulation.result().requests.completed).toBeGreaterThan(0);
  });

  it('refuses to go past maxEvents with a clear message', () => {
    expect(() => runSimulation({ ...busyConfig(), maxEvents: 1000 })).toThrow(SimulationLimitError);
    expect(() => runSimulation({ ...busyConfig(), maxEvents: 1000 })).toThrow(/stopped after 1000 events \(maxEvents\)/);
  });
});

describe('a busy run', () => {
  const result = runSimulation(busyConfig());

  it('accounts for every request', () => {
    const r = result.requests;
    expect(r.issued).toBe(r.completed + r.errors + r.timeouts + r.drops + r.inFlightAtEnd);
    expect(r.errors).toBe(r.failed + r.refused + r.noInstance);
    expect(result.endpoints.reduce((sum, e) => sum + e.requests.issued, 0)).toBe(r.issued);
  });

  it('reports percentiles in order, per endpoint and overall', () => {
    for (const latency of [result.latency, ...result.endpoints.map((e) => e.latency)]) {
      expect(latency.minMs).toBeLessThanOrEqual(latency.p50Ms);
      expect(latency.p50Ms).toBeLessThanOrEqual(latency.p90Ms);
      expect(latency.p90Ms).toBeLessThanOrEqual(latency.p95Ms);
      expect(latency.p95Ms).toBeLessThanOrEqual(latency.p99Ms);
      expect(latency.p99Ms).toBeLessThanOrEqual(latency.maxMs);
    }
    // The empirical endpoint only returns its four values (plus queueing): its minimum is ≥ 420 ms.
    expect(result.endpoints[4]!.latency.minMs).toBeGreaterThanOrEqual(420 - 1e-6);
  });

  it('fails the requests on the failed instance and stops sending there once the health checks notice', () => {
    const failed = result.instances[0]!;
    expect(failed.failedRequests + failed.refused).toBeGreaterThan(0);
    expect(result.requests.failed).toBe(result.instances.reduce((sum, i) => sum + i.failedRequests, 0));
    // Errors happen only between the failure (200 s) and its detection (≤ 2 probes × 5 s + 1 s timeout later).
    const { t, errorsPerSec, bucketMs } = { t: result.series.t, errorsPerSec: result.series.errorsPerSec, bucketMs: result.series.bucketMs };
    t.forEach((start, i) => {
      if (errorsPerSec[i]! > 0) {
        expect(start + bucketMs).toBeGreaterThanOrEqual(200_000);
        expect(start).toBeLessThanOrEqual(211_000);
      }
    });
    // Down for 60 s then back: its utilization is 0 for a while and positive again at the end.
    const utilization = result.series.instances[0]!.utilization;
    expect(utilization.some((u) => u === 0)).toBe(true);
    expect(utilization.at(-1)!).toBeGreaterThan(0);
  });

  it('keeps series aligned: one value per bucket, null before an instance existed', () => {
    const buckets = result.series.t.length;
    expect(buckets).toBe(Math.ceil(600_000 / result.series.bucketMs));
    for (const instance of result.series.instances) {
      expect(instance.utilization.length).toBe(buckets);
      expect(instance.queueLength.length).toBe(buckets);
    }
    const added = result.instances.findIndex((i) => i.createdAtMs > 0);
    if (added >= 0) expect(result.series.instances[added]!.utilization[0]).toBeNull();
    expect(result.series.replicas.every((r) => r >= 2 && r <= 10)).toBe(true);
  });

  it('costs instance-hours × price', () => {
    expect(result.cost.total).toBeCloseTo(result.cost.instanceHours * 0.2, 12);
    expect(result.cost.instanceHours).toBeGreaterThanOrEqual((2 * 600_000) / 3_600_000 - 1e-9);
  });
});

describe('queues', () => {
  it('a queue timeout drops requests that waited too long (max latency ≤ timeout + service)', () => {
    // ρ = 1.5 would overload an unbounded queue; the timeout bounds it.
    const result = runSimulation({ ...openModel({ ratePerSec: 150, service: constant(10), requests: 50_000 }), pool: { instances: 1, queue: { timeoutMs: 200 } } });
    expect(result.requests.timeouts).toBeGreaterThan(10_000);
    expect(result.latency.maxMs).toBeLessThanOrEqual(210 + 1e-9);
    // Served ≈ capacity: 100 requests/s.
    expect(relativeError(result.throughputPerSec, 100)).toBeLessThan(0.02);
  });

  it('a fixed pool costs instances × hours', () => {
    const result = runSimulation({ ...openModel({ ratePerSec: 50, service: exp(10), durationMs: 1_800_000, instances: 3 }), cost: { pricePerInstanceHour: 2 } });
    expect(result.cost.instanceHours).toBeCloseTo(1.5, 9);
    expect(result.cost.total).toBeCloseTo(3, 9);
  });
});

describe('failures by rate', () => {
  it('each instance is down about MTTR / (MTBF + MTTR) of the time (within 20 %), and only in-flight requests fail without health checks', () => {
    // 4 instances × 24 h with failures every 10 min on average, 1 min to recover: ≈ 520 failures.
    const result = runSimulation({
      ...openModel({ ratePerSec: 10, service: exp(10), durationMs: 86_400_000, instances: 4, balancer: 'least-connections' }),
      failures: { rate: { meanTimeBetweenFailuresMs: 600_000, meanTimeToRecoverMs: 60_000 } },
    });
    const down = result.instances.reduce((sum, i) => sum + i.downtimeMs, 0);
    expect(relativeError(down / (4 * 86_400_000), 60 / 660)).toBeLessThan(0.2);
    // The balancer sees a failure at once (no health checks), so nothing is refused.
    expect(result.requests.failed).toBeGreaterThan(0);
    expect(result.requests.refused).toBe(0);
  });
});

describe('open-model patterns', () => {
  it('step arrivals follow each step’s rate (within 5 %)', () => {
    const result = runSimulation({
      seed: 5,
      durationMs: 300_000,
      workload: {
        endpoints: [{ name: 'GET /x', weight: 1, service: exp(5) }],
        model: { kind: 'open', arrivals: { pattern: 'step', steps: [{ atMs: 0, ratePerSec: 50 }, { atMs: 100_000, ratePerSec: 200 }, { atMs: 200_000, ratePerSec: 0 }] } },
      },
      pool: { instances: 2 },
      output: { bucketMs: 100_000 },
    });
    expect(relativeError(result.series.arrivalsPerSec[0]!, 50)).toBeLessThan(0.05);
    expect(relativeError(result.series.arrivalsPerSec[1]!, 200)).toBeLessThan(0.05);
    expect(result.series.arrivalsPerSec[2]).toBe(0);
    // The load stopped at 200 s, but the run covers its whole duration.
    expect(result.simulatedMs).toBe(300_000);
  });

  it('diurnal arrivals peak and dip with the sine (peak bucket ≈ mean × (1 + amplitude))', () => {
    const result = runSimulation({
      seed: 9,
      durationMs: 86_400_000,
      workload: {
        endpoints: [{ name: 'GET /x', weight: 1, service: exp(5) }],
        model: { kind: 'open', arrivals: { pattern: 'diurnal', meanRatePerSec: 2, amplitude: 0.8, periodMs: 86_400_000 } },
      },
      pool: { instances: 1 },
      output: { bucketMs: 3_600_000 },
    });
    const rates = result.series.arrivalsPerSec;
    expect(Math.max(...rates)).toBeGreaterThan(3.2);
    expect(Math.min(...rates)).toBeLessThan(0.8);
    expect(relativeError(result.requests.issued / 86_400, 2)).toBeLessThan(0.03);
  });

  it('the warm-up is left out of the statistics', () => {
    const all = runSimulation(openModel({ ratePerSec: 50, service: exp(10), durationMs: 100_000 }));
    const later = runSimulation({ ...openModel({ ratePerSec: 50, service: exp(10), durationMs: 100_000 }), warmupMs: 50_000 });
    expect(later.requests.issued).toBeLessThan(all.requests.issued * 0.6);
    expect(later.measuredMs).toBe(50_000);
  });
});

describe('compareConfigurations', () => {
  it('runs the base and each variant side by side, with ratios to the base', () => {
    const base = openModel({ ratePerSec: 300, service: exp(10), requests: 50_000, instances: 4 });
    const comparison = compareConfigurations(base, [
      { name: 'power of two', changes: { balancer: 'power-of-two' } },
      { name: 'six servers', changes: { pool: { instances: 6 } } },
    ]);
    expect(comparison.rows.map((r) => r.name)).toEqual(['base', 'power of two', 'six servers']);
    const [baseRow, p2c, six] = comparison.rows;
    expect(p2c!.p95Ms).toBeLessThan(baseRow!.p95Ms);
    expect(six!.p95Ms).toBeLessThan(baseRow!.p95Ms);
    expect(comparison.relativeToBase[1]!.ratios.p95Ms).toBeCloseTo(six!.p95Ms / baseRow!.p95Ms, 12);
    // Same seed: the same requests arrive in every variant.
    expect(new Set(comparison.results.map((r) => r.requests.issued)).size).toBe(1);
  });

  it('has an asynchronous twin with overall progress', async () => {
    const base = openModel({ ratePerSec: 300, service: exp(10), requests: 20_000, instances: 4 });
    const seen: number[] = [];
    const comparison = await compareConfigurationsAsync(base, [{ name: 'random', changes: { balancer: 'random' } }], {
      progressEvery: 5000,
      onProgress: (f) => seen.push(f),
      yieldToHost: async () => {},
    });
    expect(comparison.rows.map((r) => r.name)).toEqual(['base', 'random']);
    expect(seen.at(-1)).toBe(1);
    expect(seen.some((f) => f > 0.45 && f <= 0.5)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
  });
});
