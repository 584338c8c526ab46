/**
 * The simulation configuration, as a user or the panel writes it (plain JSON). Every optional
 * field has a documented default; validateConfig turns it into a NormalizedConfig or throws a
 * SimulationConfigError naming the bad field.
 */
import type { Workload } from './workload.ts';

/** Load-balancing algorithms, one file each under balancers/. */
export type BalancerName =
  | 'round-robin'
  | 'weighted-round-robin'
  | 'least-connections'
  | 'random'
  | 'power-of-two'
  | 'peak-ewma'
  | 'consistent-hash';

export const BALANCER_NAMES: readonly BalancerName[] = [
  'round-robin',
  'weighted-round-robin',
  'least-connections',
  'random',
  'power-of-two',
  'peak-ewma',
  'consistent-hash',
];

/** Everything one simulation run needs. */
export interface SimulationConfig {
  /** Seeds every random stream: the same seed and config give the same result, bit for bit. Default 1. */
  seed?: number | string;
  /** Simulated time to run, ms. At least one of durationMs and maxRequests is required. */
  durationMs?: number;
  /** Requests to issue; the run then ends when they have all finished (or at durationMs). */
  maxRequests?: number;
  /** Requests issued before this simulated time are left out of the statistics. Default 0. */
  warmupMs?: number;
  /** Safety cap on processed events; the run throws SimulationLimitError beyond it. Default 200 million. */
  maxEvents?: number;
  /** Run an open model even when offered utilization ≥ 1 with unbounded queues. Default false. */
  allowOverload?: boolean;
  /** Who sends which requests, and how the server time is distributed. */
  workload: Workload;
  /** The backend's instances. */
  pool: PoolConfig;
  /** How a request's instance is chosen. Default round-robin. */
  balancer?: BalancerName | BalancerConfig;
  /** Active health checks; without them the balancer knows at once which instances are down. */
  healthCheck?: HealthCheckConfig;
  /** Injected instance failures. */
  failures?: FailureConfig;
  /** Horizontal autoscaling of the pool. */
  autoscaler?: AutoscalerConfig;
  /** The latency objective to report attainment for. Default 95% under 300 ms. */
  slo?: SloConfig;
  /** Price of an instance-hour, to report cost. Default 0. */
  cost?: CostConfig;
  /** Time series resolution. */
  output?: OutputConfig;
}

/** The backend pool: identical instances, each with workers and its own bounded queue. */
export interface PoolConfig {
  /** Instances at the start (replicas); ≥ 1. */
  instances: number;
  /** Requests one instance serves at once (worker threads/processes). Default 1. */
  workersPerInstance?: number;
  /** The per-instance queue for requests that find every worker busy. */
  queue?: QueueConfig;
  /** Service-time divisor of every instance (2 = twice as fast). Default 1. */
  speedFactor?: number;
  /** Speed factor per initial instance (by index); later instances use speedFactor. */
  speedFactors?: number[];
  /** Weight per initial instance for weighted-round-robin; default workers × speed. */
  weights?: number[];
  /** Time from deciding to add an instance until it takes traffic, ms. Default 0. */
  provisioningDelayMs?: number;
}

/** Per-instance queue. Without capacity and timeout it is unbounded. */
export interface QueueConfig {
  /** Most requests waiting (not counting those in service); a request arriving at a full queue is dropped. Default unbounded. */
  capacity?: number;
  /** A request that waited this long in the queue is dropped as a timeout, ms. Default none. */
  timeoutMs?: number;
}

/** A balancer with its options. */
export interface BalancerConfig {
  name: BalancerName;
  /** consistent-hash: virtual nodes per instance on the ring. Default 160 (as ketama). */
  virtualNodes?: number;
  /** peak-ewma: decay time of the latency average, ms. Default 10 000 (as Finagle). */
  decayMs?: number;
  /** peak-ewma: latency assumed for an instance before its first answer, ms. Default 0 (as Finagle). */
  initialLatencyMs?: number;
}

/** Active health checks: every interval each instance is probed. */
export interface HealthCheckConfig {
  /** Between probes, ms. Default 10 000. */
  intervalMs?: number;
  /** A probe to a down instance fails after this, ms. Default 1000. */
  timeoutMs?: number;
  /** Consecutive failed probes that take an instance out of rotation. Default 3. */
  unhealthyThreshold?: number;
  /** Consecutive good probes that bring it back. Default 1. */
  healthyThreshold?: number;
}

/** Instance failures: on a schedule, at a rate, or both. In-flight and queued requests of a failing instance fail. */
export interface FailureConfig {
  schedule?: ScheduledFailure[];
  rate?: FailureRate;
}

/** Instance `instance` (index in creation order) goes down at atMs for durationMs. */
export interface ScheduledFailure {
  atMs: number;
  instance: number;
  durationMs: number;
}

/** Each ready instance fails after an exponential time, and recovers after another. */
export interface FailureRate {
  meanTimeBetweenFailuresMs: number;
  meanTimeToRecoverMs: number;
}

export type AutoscalerConfig = HpaConfig | TargetTrackingConfig;

/** Kubernetes HorizontalPodAutoscaler (autoscaling/v2) on average worker utilization. */
export interface HpaConfig {
  kind: 'hpa';
  /** Default 1. */
  minReplicas?: number;
  maxReplicas: number;
  /** Target average utilization of the workers, percent (like averageUtilization of CPU). */
  targetUtilizationPercent: number;
  /** Ratio band around 1 within which nothing changes. Default 0.1. */
  tolerance?: number;
  /** Controller sync period, ms. Default 15 000. */
  syncPeriodMs?: number;
  /** spec.behavior, in the same units as Kubernetes (seconds). */
  behavior?: { scaleUp?: HpaScalingRules; scaleDown?: HpaScalingRules };
}

/** HPAScalingRules. Defaults: scale up window 0 s, policies 100 %/15 s and 4 Pods/15 s, Max; scale down window 300 s, 100 %/15 s. */
export interface HpaScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HpaScalingPolicy[];
}

export interface HpaScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** AWS-style target tracking on average worker utilization, with cooldowns and instance warm-up. */
export interface TargetTrackingConfig {
  kind: 'target-tracking';
  /** Default 1. */
  minReplicas?: number;
  maxReplicas: number;
  targetUtilizationPercent: number;
  /** Metric period (one datapoint), ms. Default 60 000. */
  evaluationPeriodMs?: number;
  /** Consecutive datapoints above target before scaling out. Default 3. */
  scaleOutDatapoints?: number;
  /** Consecutive datapoints below target × (1 − scaleInMargin) before scaling in. Default 15. */
  scaleInDatapoints?: number;
  /** Default 0.1. */
  scaleInMargin?: number;
  /** Default 300 000. */
  scaleOutCooldownMs?: number;
  /** Default 300 000. */
  scaleInCooldownMs?: number;
  /** A new instance's metrics are left out of the average for this long after it is ready, ms. Default 300 000. */
  instanceWarmupMs?: number;
}

/** "percentile % of requests under latencyMs", e.g. 95 % under 300 ms. */
export interface SloConfig {
  latencyMs: number;
  /** Percent of requests that must meet latencyMs; (0, 100]. */
  percentile: number;
}

export interface CostConfig {
  /** Price of one instance for one hour, in any currency. */
  pricePerInstanceHour: number;
}

export interface OutputConfig {
  /** Width of a time-series bucket, ms. Default: the run's (expected) duration / 100, rounded to a round number. */
  bucketMs?: number;
}
