/**
 * Active health checks as a balancer runs them: a probe to an instance that is up succeeds; a
 * probe to a down instance fails when its timeout elapses. `unhealthyThreshold` consecutive
 * failures take the instance out of rotation; `healthyThreshold` consecutive successes bring it
 * back. Between a failure and its detection the balancer still sends requests there, and they fail.
 */
import type { HealthCheckConfig } from './config.ts';

/** The health-check counters of an instance. */
export interface ProbedInstance {
  healthy: boolean;
  probeFailures: number;
  probeSuccesses: number;
}

/** Records a good probe; true when the instance just became healthy. */
export function recordProbeSuccess(instance: ProbedInstance, config: Required<HealthCheckConfig>): boolean {
  instance.probeFailures = 0;
  instance.probeSuccesses++;
  if (!instance.healthy && instance.probeSuccesses >= config.healthyThreshold) {
    instance.healthy = true;
    return true;
  }
  return false;
}

/** Records a failed (timed-out) probe; true when the instance just became unhealthy. */
export function recordProbeFailure(instance: ProbedInstance, config: Required<HealthCheckConfig>): boolean {
  instance.probeSuccesses = 0;
  instance.probeFailures++;
  if (instance.healthy && instance.probeFailures >= config.unhealthyThreshold) {
    instance.healthy = false;
    return true;
  }
  return false;
}

/** Worst-case time from a failure to its detection: thresholds × interval + timeout. */
export function detectionDelayMs(config: Required<HealthCheckConfig>): number {
  return config.unhealthyThreshold * config.intervalMs + config.timeoutMs;
}
