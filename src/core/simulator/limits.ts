/**
 * The largest sizes the simulator accepts, so that no input can make it run for hours or use
 * gigabytes: each is well beyond an admin backend's scale (and the engine's tested range), and
 * a setting beyond one is refused with its name and the limit, never clamped silently.
 */
export const SIMULATOR_LIMITS = {
  /** pool.instances, autoscaler.maxReplicas, CLI --servers. */
  instances: 10_000,
  /** pool.workersPerInstance, CLI --concurrency. */
  workersPerInstance: 10_000,
  /** Simulated users (closed model), users keyed by a consistent-hash balancer (open model), CLI --users. */
  users: 1_000_000,
  /** Endpoints of a workload. */
  endpoints: 10_000,
  /** Values of an empirical distribution. */
  empiricalValues: 1_000_000,
  /** Scheduled failures. */
  scheduledFailures: 100_000,
  /** maxEvents: the cap on processed events (about 3 minutes of engine time at 5 M events/s). */
  maxEvents: 1_000_000_000,
  /** durationMs: a simulated month. */
  durationMs: 31 * 24 * 60 * 60 * 1000,
  /** maxRequests, CLI --requests. */
  maxRequests: 200_000_000,
} as const;

/** Events a request costs the engine at least: its arrival (or a think end) and its completion. */
export const MIN_EVENTS_PER_REQUEST = 2;
