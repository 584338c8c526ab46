/** The HPA algorithm against the worked examples of the Kubernetes documentation, target tracking, and both in the engine. */
import { describe, expect, it } from 'vitest';
import { HorizontalPodAutoscaler, replicasForUtilization } from '../../../src/core/simulator/autoscalers/hpa.ts';
import { TargetTrackingScaler } from '../../../src/core/simulator/autoscalers/target-tracking.ts';
import type { ScalingInput } from '../../../src/core/simulator/autoscalers/types.ts';
import type { HpaConfig, SimulationConfig, TargetTrackingConfig } from '../../../src/core/simulator/index.ts';
import { runSimulation } from '../../../src/core/simulator/index.ts';
import type { NormalizedHpa, NormalizedTargetTracking } from '../../../src/core/simulator/validate.ts';
import { validateAutoscaler } from '../../../src/core/simulator/validate.ts';
import { exp } from './helpers.ts';

function hpa(config: Omit<HpaConfig, 'kind'>): HorizontalPodAutoscaler {
  return new HorizontalPodAutoscaler(validateAutoscaler({ kind: 'hpa', ...config }, 1) as NormalizedHpa);
}

/** A sync where every replica is ready and measured at this utilization. */
function sync(nowSeconds: number, replicas: number, utilizationPercent: number): ScalingInput {
  return { nowMs: nowSeconds * 1000, currentReplicas: replicas, measuredReplicas: replicas, unmeasuredReplicas: 0, utilizationPercent };
}

/** Runs syncs every 15 s, feeding each decision back as the current count; returns the counts. */
function drive(scaler: HorizontalPodAutoscaler, start: number, utilizationFor: (replicas: number, t: number) => number, syncs: number): number[] {
  const counts = [start];
  let replicas = start;
  for (let k = 1; k <= syncs; k++) {
    replicas = scaler.recommend(sync(15 * k, replicas, utilizationFor(replicas, 15 * k))).desiredReplicas;
    counts.push(replicas);
  }
  return counts;
}

describe('HPA: the algorithm', () => {
  it('desired = ceil(current × metric / target)', () => {
    // Kubernetes docs: current 200m, target 100m → double; 50m → halve.
    expect(replicasForUtilization({ currentReplicas: 4, measuredReplicas: 4, unmeasuredReplicas: 0, utilizationPercent: 100 }, 50, 0.1)).toBe(8);
    expect(replicasForUtilization({ currentReplicas: 4, measuredReplicas: 4, unmeasuredReplicas: 0, utilizationPercent: 25 }, 50, 0.1)).toBe(2);
    expect(replicasForUtilization({ currentReplicas: 3, measuredReplicas: 3, unmeasuredReplicas: 0, utilizationPercent: 70 }, 50, 0.1)).toBe(5); // ceil(4.2)
  });

  it('tolerance 0.1: a ratio within [0.9, 1.1] changes nothing', () => {
    const scaler = hpa({ maxReplicas: 100, targetUtilizationPercent: 50 });
    expect(scaler.recommend(sync(15, 10, 54)).desiredReplicas).toBe(10); // ratio 1.08
    expect(scaler.recommend(sync(30, 10, 46)).desiredReplicas).toBe(10); // ratio 0.92
    expect(scaler.recommend(sync(45, 10, 56)).desiredReplicas).toBe(12); // ratio 1.12 → ceil(11.2)
  });

  it('pods not ready count as 0 % when scaling up', () => {
    // 2 ready at 100 % of a 50 % target, 2 unready: ratio over 4 pods = 1.0 → within tolerance, no change.
    expect(replicasForUtilization({ currentReplicas: 4, measuredReplicas: 2, unmeasuredReplicas: 2, utilizationPercent: 100 }, 50, 0.1)).toBe(4);
    // 2 ready at 150 %: ratio over 4 pods = 1.5 → 6.
    expect(replicasForUtilization({ currentReplicas: 4, measuredReplicas: 2, unmeasuredReplicas: 2, utilizationPercent: 150 }, 50, 0.1)).toBe(6);
  });

  it('scale-down Percent policy 10 %/60 s steps 80 → 72 → 64 (the documentation example; Percent down truncates)', () => {
    const scaler = hpa({
      minReplicas: 1,
      maxReplicas: 100,
      targetUtilizationPercent: 50,
      behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] } },
    });
    // The metric asks for 10 replicas all along.
    const counts = drive(scaler, 80, (replicas) => (50 * 10) / replicas, 9);
    // Syncs at 15, 30, 45, 60 … s: the first sync removes 8; the next step waits until the event is 60 s old.
    expect(counts).toEqual([80, 72, 72, 72, 72, 64, 64, 64, 64, 57]);
  });

  it('the scale-down stabilization window (default 300 s) keeps the highest recommendation over the window', () => {
    const scaler = hpa({ minReplicas: 1, maxReplicas: 100, targetUtilizationPercent: 50 });
    // Recommendations: 8 at t = 30 s, 5 at every other sync.
    const counts = drive(scaler, 10, (replicas, t) => (50 * (t === 30 ? 8 : 5)) / replicas, 22);
    // The first sync remembers the current 10 (maybeInitScaleDownStabilizationWindow) and holds it for 300 s.
    expect(counts.slice(0, 21).every((c) => c === 10)).toBe(true);
    expect(counts[21]).toBe(8); // t = 315 s: 10 (t = 15 s) has left the window, 8 (t = 30 s) has not
    expect(counts[22]).toBe(5); // t = 330 s: only 5s remain
  });

  it('scale-up policies: defaults allow max(+100 %, +4 pods) per 15 s; selectPolicy Min picks the smaller; Disabled forbids', () => {
    const toFifty = (replicas: number): number => (50 * 50) / replicas;
    expect(drive(hpa({ maxReplicas: 100, targetUtilizationPercent: 50 }), 2, toFifty, 5)).toEqual([2, 6, 12, 24, 48, 48]); // 48 → 50 is within the tolerance
    const min = hpa({
      maxReplicas: 100,
      targetUtilizationPercent: 50,
      behavior: { scaleUp: { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] } },
    });
    expect(drive(min, 2, toFifty, 3)).toEqual([2, 4, 8, 12]);
    const disabled = hpa({ maxReplicas: 100, targetUtilizationPercent: 50, behavior: { scaleUp: { selectPolicy: 'Disabled' } } });
    expect(drive(disabled, 2, toFifty, 3)).toEqual([2, 2, 2, 2]);
  });

  it('a Pods policy with a longer period limits the total added over that period', () => {
    const scaler = hpa({
      maxReplicas: 100,
      targetUtilizationPercent: 50,
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: 3, periodSeconds: 60 }] } },
    });
    // +3 at 15 s, then nothing until the event is 60 s old (t = 75 s).
    expect(drive(scaler, 2, (replicas) => (50 * 50) / replicas, 6)).toEqual([2, 5, 5, 5, 5, 8, 8]);
  });

  it('min and max replicas bound the result', () => {
    const scaler = hpa({ minReplicas: 3, maxReplicas: 6, targetUtilizationPercent: 50 });
    expect(scaler.recommend(sync(15, 4, 400)).desiredReplicas).toBe(6);
    expect(scaler.recommend(sync(30, 2, 50)).desiredReplicas).toBe(3);
  });
});

describe('target tracking', () => {
  function scaler(config: Partial<TargetTrackingConfig> = {}): TargetTrackingScaler {
    return new TargetTrackingScaler(validateAutoscaler({ kind: 'target-tracking', maxReplicas: 20, targetUtilizationPercent: 50, ...config }, 1) as NormalizedTargetTracking);
  }

  it('scales out after 3 datapoints above target, in proportion, counting warming instances', () => {
    const s = scaler();
    expect(s.recommend(sync(60, 4, 100)).desiredReplicas).toBe(4);
    expect(s.recommend(sync(120, 4, 100)).desiredReplicas).toBe(4);
    expect(s.recommend(sync(180, 4, 100)).desiredReplicas).toBe(8);
    // 8 replicas of which 4 warming and unmeasured: 4 measured at 75 % → ceil(6) + 4 = 10 after 3 more datapoints.
    const warming = { nowMs: 0, currentReplicas: 8, measuredReplicas: 4, unmeasuredReplicas: 4, utilizationPercent: 75 };
    expect(s.recommend({ ...warming, nowMs: 240_000 }).desiredReplicas).toBe(8);
    expect(s.recommend({ ...warming, nowMs: 300_000 }).desiredReplicas).toBe(8);
    expect(s.recommend({ ...warming, nowMs: 360_000 }).desiredReplicas).toBe(10);
  });

  it('scales in only after 15 low datapoints and outside both cooldowns', () => {
    const s = scaler({ scaleInDatapoints: 15, scaleOutCooldownMs: 300_000, scaleInCooldownMs: 300_000 });
    const counts: number[] = [];
    for (let k = 1; k <= 16; k++) counts.push(s.recommend(sync(60 * k, 10, 20)).desiredReplicas);
    expect(counts.slice(0, 14).every((c) => c === 10)).toBe(true);
    expect(counts[14]).toBe(4); // 15th datapoint: ceil(10 × 20 / 50)
  });
});

describe('autoscaling in the engine', () => {
  const stepLoad = (autoscaler: SimulationConfig['autoscaler'], provisioningDelayMs = 0): SimulationConfig => ({
    seed: 3,
    durationMs: 1_200_000,
    workload: {
      endpoints: [{ name: 'GET /api/x', weight: 1, service: exp(10) }],
      // 100 requests/s for 2 minutes, then 400/s: offered load 1 → 4 workers.
      model: { kind: 'open', arrivals: { pattern: 'step', steps: [{ atMs: 0, ratePerSec: 100 }, { atMs: 120_000, ratePerSec: 400 }, { atMs: 600_000, ratePerSec: 100 }] } },
    },
    pool: { instances: 2, workersPerInstance: 1, queue: { timeoutMs: 5000 }, provisioningDelayMs },
    balancer: 'least-connections',
    autoscaler,
  });

  it('HPA follows a load step up to about load ÷ target and back down no sooner than the 300 s window allows', () => {
    const result = runSimulation(stepLoad({ kind: 'hpa', minReplicas: 2, maxReplicas: 20, targetUtilizationPercent: 50 }));
    const events = result.scaling.events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.atMs % 15_000 === 0)).toBe(true); // sync period
    expect(events.find((e) => e.to > e.from)!.atMs).toBeGreaterThanOrEqual(120_000);
    // 4 busy workers at 50 % → about 8 replicas.
    expect(result.scaling.peakReplicas).toBeGreaterThanOrEqual(7);
    expect(result.scaling.peakReplicas).toBeLessThanOrEqual(11);
    // The sync at 600 s still measured the high load; its recommendation (≥ 7) holds until it is 300 s old.
    const downs = events.filter((e) => e.to < e.from && e.atMs > 600_000);
    expect(downs.filter((e) => e.atMs < 900_000).every((e) => e.to >= 6)).toBe(true);
    expect(downs.some((e) => e.atMs >= 900_000 && e.to <= 3)).toBe(true);
    expect(result.scaling.finalReplicas).toBeLessThanOrEqual(3);
  });

  it('new instances take traffic only after the provisioning delay, and instance-hours count from the decision', () => {
    const result = runSimulation(stepLoad({ kind: 'hpa', minReplicas: 2, maxReplicas: 20, targetUtilizationPercent: 50 }, 60_000));
    const added = result.instances.filter((instance) => instance.createdAtMs > 0);
    expect(added.length).toBeGreaterThan(0);
    for (const instance of added) if (instance.readyAtMs !== null) expect(instance.readyAtMs - instance.createdAtMs).toBe(60_000);
    const hours = result.instances.reduce((sum, i) => sum + ((i.stoppedAtMs ?? result.simulatedMs) - i.createdAtMs) / 3_600_000, 0);
    expect(result.cost.instanceHours).toBeCloseTo(hours, 9);
  });

  it('target tracking scales out after three one-minute datapoints and keeps warming instances out of the metric', () => {
    const result = runSimulation(stepLoad({ kind: 'target-tracking', minReplicas: 2, maxReplicas: 20, targetUtilizationPercent: 50, instanceWarmupMs: 120_000 }));
    const firstOut = result.scaling.events.find((e) => e.to > e.from)!;
    expect(firstOut.atMs).toBeGreaterThanOrEqual(120_000 + 3 * 60_000 - 60_000);
    expect(result.scaling.peakReplicas).toBeGreaterThanOrEqual(7);
  });
});
