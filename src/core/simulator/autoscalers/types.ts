/** The interface of an autoscaler: measured at a fixed period, it answers with a replica count. */

/** What the engine measured at a tick. */
export interface ScalingInput {
  /** Simulated time, ms. */
  nowMs: number;
  /** Replicas: instances provisioning or ready (not draining). */
  currentReplicas: number;
  /** Ready instances whose utilization was measured. */
  measuredReplicas: number;
  /** Replicas not measured: provisioning, down, or (target tracking) warming up. */
  unmeasuredReplicas: number;
  /** Average worker utilization of the measured replicas over the last period, percent (NaN when none). */
  utilizationPercent: number;
}

/** A recommendation and why. */
export interface ScalingDecision {
  desiredReplicas: number;
  reason: string;
}

export interface Autoscaler {
  readonly kind: 'hpa' | 'target-tracking';
  /** How often recommend() runs, ms. */
  readonly periodMs: number;
  /** Instances are left out of the metric for this long after becoming ready, ms. */
  readonly warmupMs: number;
  recommend(input: ScalingInput): ScalingDecision;
}
