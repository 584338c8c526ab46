/** Turns the engine's counters into a SimulationResult. */
import type { LatencyHistogram } from './histogram.ts';
import { PERCENTILE_METHOD } from './histogram.ts';
import type { Instance } from './pool.ts';
import type { InstanceResult, ScalingEvent, SimulationResult, SloResult, TimeSeries } from './results.ts';
import type { RunStats } from './stats.ts';
import { summarize } from './stats.ts';
import type { NormalizedConfig } from './validate.ts';

const MS_PER_HOUR = 3_600_000;

/** What the engine hands over at the end. */
export interface ResultInput {
  config: NormalizedConfig;
  stats: RunStats;
  instances: readonly Instance[];
  scalingEvents: ScalingEvent[];
  peakReplicas: number;
  finalReplicas: number;
  endMs: number;
  events: number;
  wallMs: number;
}

export function buildResult(input: ResultInput): SimulationResult {
  const { config, stats, endMs } = input;
  const measuredMs = Math.max(0, endMs - config.warmupMs);
  const perSecond = measuredMs > 0 ? 1000 / measuredMs : 0;
  const instances = input.instances.map((instance) => instanceResult(instance, endMs));
  const instanceHours = instances.reduce((sum, instance) => sum + instance.instanceHours, 0);
  const overall = stats.overall;
  const overallLatency = stats.overallLatency();
  return {
    seed: config.seed,
    simulatedMs: endMs,
    measuredMs,
    events: input.events,
    requests: overall.toCounts(),
    throughputPerSec: overall.completed * perSecond,
    latency: summarize(overallLatency),
    wait: {
      meanMs: overall.completed > 0 ? stats.waitSum / overall.completed : 0,
      probability: overall.completed > 0 ? stats.waited / overall.completed : 0,
    },
    endpoints: config.endpoints.map((endpoint, i) => {
      const counters = stats.endpoints[i]!;
      return { name: endpoint.name, requests: counters.toCounts(), latency: summarize(counters.latency), throughputPerSec: counters.completed * perSecond };
    }),
    instances,
    series: alignedSeries(stats.series, input.instances),
    scaling: { events: input.scalingEvents, peakReplicas: input.peakReplicas, finalReplicas: input.finalReplicas },
    cost: { instanceHours, pricePerInstanceHour: config.pricePerInstanceHour, total: instanceHours * config.pricePerInstanceHour },
    slo: sloResult(config, stats, overallLatency),
    offeredUtilization: config.offeredUtilization,
    percentileMethod: PERCENTILE_METHOD,
    perf: { wallMs: input.wallMs, eventsPerSecond: input.wallMs > 0 ? (input.events / input.wallMs) * 1000 : 0 },
  };
}

function instanceResult(instance: Instance, endMs: number): InstanceResult {
  const stopped = Number.isNaN(instance.stoppedAtMs) ? endMs : instance.stoppedAtMs;
  const lifeMs = Math.max(0, stopped - instance.createdAtMs);
  return {
    id: instance.id,
    workers: instance.workers,
    speedFactor: instance.speed,
    createdAtMs: instance.createdAtMs,
    readyAtMs: Number.isNaN(instance.readyAtMs) ? null : instance.readyAtMs,
    stoppedAtMs: Number.isNaN(instance.stoppedAtMs) ? null : instance.stoppedAtMs,
    utilization: lifeMs > 0 ? instance.busyArea / (instance.workers * lifeMs) : 0,
    meanQueueLength: lifeMs > 0 ? instance.queueArea / lifeMs : 0,
    downtimeMs: instance.downtimeMs + (instance.up || instance.state === 'terminated' ? 0 : endMs - instance.downSinceMs),
    served: instance.served,
    failedRequests: instance.failedRequests,
    refused: instance.refused,
    timeouts: instance.timeouts,
    drops: instance.drops,
    instanceHours: lifeMs / MS_PER_HOUR,
  };
}

function sloResult(config: NormalizedConfig, stats: RunStats, latency: LatencyHistogram): SloResult {
  const finished = stats.overall.finished;
  const attainment = finished > 0 ? stats.sloGood / finished : 0;
  return {
    latencyMs: config.slo.latencyMs,
    percentile: config.slo.percentile,
    attainment,
    met: finished > 0 && attainment >= config.slo.percentile / 100,
    latencyAtPercentileMs: latency.percentile(config.slo.percentile),
  };
}

/** Per-instance series padded with null to the run's buckets. */
function alignedSeries(series: TimeSeries, instances: readonly Instance[]): TimeSeries {
  const buckets = series.t.length;
  const pad = (instance: Instance, values: number[]): (number | null)[] => {
    const aligned: (number | null)[] = new Array<number | null>(buckets).fill(null);
    values.forEach((value, i) => {
      if (instance.firstBucket + i < buckets) aligned[instance.firstBucket + i] = value;
    });
    return aligned;
  };
  return {
    ...series,
    instances: instances.map((instance) => ({
      id: instance.id,
      utilization: pad(instance, instance.utilizationSeries),
      queueLength: pad(instance, instance.queueSeries),
    })),
  };
}
