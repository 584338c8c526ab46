/**
 * The result of a run: plain JSON (structured-clone friendly), every duration in ms. Everything
 * except `perf` is deterministic: the same seed and configuration give the same result, bit for bit.
 */

/** Latency percentiles of successful requests (see percentileMethod for their accuracy). */
export interface LatencySummary {
  count: number;
  meanMs: number;
  minMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** What happened to the requests (after the warm-up). */
export interface OutcomeCounts {
  /** Requests issued. */
  issued: number;
  /** Answered successfully. */
  completed: number;
  /** failed + refused + noInstance. */
  errors: number;
  /** In service or queued on an instance that failed. */
  failed: number;
  /** Sent to a down instance the balancer still thought healthy. */
  refused: number;
  /** No instance was eligible. */
  noInstance: number;
  /** Waited in a queue longer than pool.queue.timeoutMs. */
  timeouts: number;
  /** Arrived at a full queue. */
  drops: number;
  /** Still in the system when the run ended. */
  inFlightAtEnd: number;
}

export interface EndpointResult {
  name: string;
  requests: OutcomeCounts;
  latency: LatencySummary;
  throughputPerSec: number;
}

export interface InstanceResult {
  id: string;
  workers: number;
  speedFactor: number;
  createdAtMs: number;
  /** null when it never became ready. */
  readyAtMs: number | null;
  /** null when still running at the end. */
  stoppedAtMs: number | null;
  /** Busy workers ÷ workers, averaged over its life. */
  utilization: number;
  /** Mean queue length over its life. */
  meanQueueLength: number;
  /** Time it spent failed (down), ms. */
  downtimeMs: number;
  served: number;
  failedRequests: number;
  refused: number;
  timeouts: number;
  drops: number;
  instanceHours: number;
}

/**
 * Series over time, one value per bucket: bucket i covers [i·bucketMs, (i+1)·bucketMs) (an event
 * exactly on a boundary may count in the bucket that ends there); the last bucket may be shorter.
 */
export interface TimeSeries {
  bucketMs: number;
  /** Start of each bucket, ms. */
  t: number[];
  /** Replicas (provisioning + ready) at the end of each bucket. */
  replicas: number[];
  /** Ready instances at the end of each bucket. */
  readyReplicas: number[];
  arrivalsPerSec: number[];
  throughputPerSec: number[];
  errorsPerSec: number[];
  timeoutsPerSec: number[];
  dropsPerSec: number[];
  /** Mean latency of the requests completed in the bucket (null when none). */
  meanLatencyMs: (number | null)[];
  /** Share of the requests finished in the bucket that met the SLO latency (null when none). */
  sloAttainment: (number | null)[];
  /** Per instance: utilization (busy ÷ workers) and mean queue length per bucket; null when it did not exist. */
  instances: { id: string; utilization: (number | null)[]; queueLength: (number | null)[] }[];
}

export interface ScalingEvent {
  atMs: number;
  from: number;
  to: number;
  reason: string;
}

export interface SloResult {
  latencyMs: number;
  percentile: number;
  /** Requests under latencyMs ÷ all finished requests (errors, timeouts and drops count as misses). */
  attainment: number;
  met: boolean;
  /** The latency at the SLO's percentile over successful requests. */
  latencyAtPercentileMs: number;
}

export interface SimulationResult {
  seed: number | string;
  /** Simulated time the run covered, ms. */
  simulatedMs: number;
  /** Simulated time after the warm-up, ms (throughput is over this). */
  measuredMs: number;
  events: number;
  requests: OutcomeCounts;
  throughputPerSec: number;
  latency: LatencySummary;
  /** Time in a queue before a worker took the request. */
  wait: { meanMs: number; probability: number };
  endpoints: EndpointResult[];
  instances: InstanceResult[];
  series: TimeSeries;
  scaling: { events: ScalingEvent[]; peakReplicas: number; finalReplicas: number };
  cost: { instanceHours: number; pricePerInstanceHour: number; total: number };
  slo: SloResult;
  /** Offered load ÷ peak capacity for an open model, else null. */
  offeredUtilization: number | null;
  /** How percentiles are computed and their error bound. */
  percentileMethod: string;
  /** Wall-clock figures: the only part that differs between identical runs. */
  perf: { wallMs: number; eventsPerSecond: number };
}
