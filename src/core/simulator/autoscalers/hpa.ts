/**
 * The Kubernetes HorizontalPodAutoscaler algorithm (autoscaling/v2), as in
 * pkg/controller/podautoscaler/horizontal.go and replica_calculator.go:
 * desired = ceil(ready × utilization / target), no change within the tolerance (0.1); pods not
 * ready count as 0 % when scaling up; the recommendation is stabilized over the scale-up and
 * scale-down windows (the lowest over the up window, the highest over the down window) and then
 * limited by the scaling policies (Pods/Percent per periodSeconds, selectPolicy Max/Min/Disabled)
 * and min/max replicas. Scale-up Percent limits round up (ceil); scale-down Percent limits truncate.
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details
 */
import type { NormalizedHpa, NormalizedScalingRules } from '../validate.ts';
import type { Autoscaler, ScalingDecision, ScalingInput } from './types.ts';

interface TimedValue {
  atMs: number;
  value: number;
}

/** Replica count from the metric alone (GetResourceReplicas), before stabilization and limits. */
export function replicasForUtilization(
  input: Pick<ScalingInput, 'currentReplicas' | 'measuredReplicas' | 'unmeasuredReplicas' | 'utilizationPercent'>,
  targetPercent: number,
  tolerance: number,
): number {
  const { currentReplicas, measuredReplicas, unmeasuredReplicas, utilizationPercent } = input;
  if (measuredReplicas === 0 || !Number.isFinite(utilizationPercent)) return currentReplicas;
  const usageRatio = utilizationPercent / targetPercent;
  const scaleUpWithUnready = unmeasuredReplicas > 0 && usageRatio > 1;
  if (!scaleUpWithUnready) {
    if (Math.abs(1 - usageRatio) <= tolerance) return currentReplicas;
    return Math.ceil(usageRatio * measuredReplicas);
  }
  // Scaling up while some pods are not ready: count them at 0 % and check again.
  const counted = measuredReplicas + unmeasuredReplicas;
  const newRatio = (usageRatio * measuredReplicas) / counted;
  if (Math.abs(1 - newRatio) <= tolerance || newRatio < 1) return currentReplicas;
  const replicas = Math.ceil(newRatio * counted);
  return replicas < currentReplicas ? currentReplicas : replicas;
}

/** Replicas changed by the events inside the last periodSeconds (getReplicasChangePerPeriod). */
export function changeInPeriod(events: readonly TimedValue[], nowMs: number, periodSeconds: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  let change = 0;
  for (const event of events) if (event.atMs > cutoff) change += event.value;
  return change;
}

/** Highest replica count the scale-up policies allow now (calculateScaleUpLimitWithScalingRules). */
export function scaleUpLimit(current: number, upEvents: readonly TimedValue[], downEvents: readonly TimedValue[], rules: NormalizedScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Infinity : -Infinity;
  for (const policy of rules.policies) {
    const periodStart = current - changeInPeriod(upEvents, nowMs, policy.periodSeconds) + changeInPeriod(downEvents, nowMs, policy.periodSeconds);
    const proposed = policy.type === 'Pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** Lowest replica count the scale-down policies allow now (calculateScaleDownLimitWithBehaviors). */
export function scaleDownLimit(current: number, upEvents: readonly TimedValue[], downEvents: readonly TimedValue[], rules: NormalizedScalingRules, nowMs: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? -Infinity : Infinity;
  for (const policy of rules.policies) {
    const periodStart = current - changeInPeriod(upEvents, nowMs, policy.periodSeconds) + changeInPeriod(downEvents, nowMs, policy.periodSeconds);
    const proposed = policy.type === 'Pods' ? periodStart - policy.value : Math.trunc(periodStart * (1 - policy.value / 100));
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** The HPA controller for one target: keeps its recommendations and scale events between syncs. */
export class HorizontalPodAutoscaler implements Autoscaler {
  readonly kind = 'hpa';
  readonly periodMs: number;
  readonly warmupMs = 0;
  private recommendations: TimedValue[] | null = null;
  private upEvents: TimedValue[] = [];
  private downEvents: TimedValue[] = [];

  constructor(private readonly config: NormalizedHpa) {
    this.periodMs = config.syncPeriodMs;
  }

  recommend(input: ScalingInput): ScalingDecision {
    const { minReplicas, maxReplicas } = this.config;
    const current = input.currentReplicas;
    let decision: ScalingDecision;
    if (current > maxReplicas) decision = { desiredReplicas: maxReplicas, reason: 'current replicas above maxReplicas' };
    else if (current < minReplicas) decision = { desiredReplicas: minReplicas, reason: 'current replicas below minReplicas' };
    else {
      const metricReplicas = replicasForUtilization(input, this.config.targetUtilizationPercent, this.config.tolerance);
      decision = this.normalize(current, metricReplicas, input.nowMs, input.utilizationPercent);
    }
    if (decision.desiredReplicas !== current) this.storeScaleEvent(current, decision.desiredReplicas, input.nowMs);
    return decision;
  }

  /** normalizeDesiredReplicasWithBehaviors: stabilize, then apply the rate limits and bounds. */
  private normalize(current: number, desired: number, nowMs: number, utilizationPercent: number): ScalingDecision {
    const stabilized = this.stabilize(current, desired, nowMs);
    const limited = this.limitRate(current, stabilized, nowMs);
    const metric = Number.isFinite(utilizationPercent) ? `${utilizationPercent.toFixed(1)}%` : 'unknown';
    return { desiredReplicas: limited.replicas, reason: `utilization ${metric} (target ${this.config.targetUtilizationPercent}%): ${limited.reason}` };
  }

  /** stabilizeRecommendationWithBehaviors. */
  private stabilize(current: number, desired: number, nowMs: number): number {
    const upWindowMs = this.config.scaleUp.stabilizationWindowSeconds * 1000;
    const downWindowMs = this.config.scaleDown.stabilizationWindowSeconds * 1000;
    if (this.recommendations === null) {
      // maybeInitScaleDownStabilizationWindow: the first sync remembers the current count.
      this.recommendations = downWindowMs > 0 ? [{ atMs: nowMs, value: current }] : [];
    }
    const upCutoff = nowMs - upWindowMs;
    const downCutoff = nowMs - downWindowMs;
    let upRecommendation = desired;
    let downRecommendation = desired;
    for (const recommendation of this.recommendations) {
      if (recommendation.atMs > upCutoff) upRecommendation = Math.min(upRecommendation, recommendation.value);
      if (recommendation.atMs > downCutoff) downRecommendation = Math.max(downRecommendation, recommendation.value);
    }
    let stabilized = current;
    if (stabilized < upRecommendation) stabilized = upRecommendation;
    if (stabilized > downRecommendation) stabilized = downRecommendation;
    this.recommendations = this.recommendations.filter((r) => r.atMs >= upCutoff || r.atMs >= downCutoff);
    this.recommendations.push({ atMs: nowMs, value: desired });
    return stabilized;
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private limitRate(current: number, desired: number, nowMs: number): { replicas: number; reason: string } {
    const { minReplicas, maxReplicas, scaleUp, scaleDown } = this.config;
    if (desired > current) {
      const limit = Math.max(current, scaleUpLimit(current, this.upEvents, this.downEvents, scaleUp, nowMs));
      const maximum = Math.min(maxReplicas, limit);
      if (desired > maximum) return { replicas: maximum, reason: maximum === limit ? 'limited by the scale-up policy' : 'limited by maxReplicas' };
    } else if (desired < current) {
      const limit = Math.min(current, scaleDownLimit(current, this.upEvents, this.downEvents, scaleDown, nowMs));
      const minimum = Math.max(minReplicas, limit);
      if (desired < minimum) return { replicas: minimum, reason: minimum === limit ? 'limited by the scale-down policy' : 'limited by minReplicas' };
    }
    return { replicas: desired, reason: desired === current ? 'no change' : 'desired count within range' };
  }

  /** storeScaleEvent: events older than the longest policy period are forgotten. */
  private storeScaleEvent(previous: number, next: number, nowMs: number): void {
    const up = next > previous;
    const rules = up ? this.config.scaleUp : this.config.scaleDown;
    const longestMs = Math.max(0, ...rules.policies.map((policy) => policy.periodSeconds)) * 1000;
    const kept = (up ? this.upEvents : this.downEvents).filter((event) => event.atMs > nowMs - longestMs);
    kept.push({ atMs: nowMs, value: Math.abs(next - previous) });
    if (up) this.upEvents = kept;
    else this.downEvents = kept;
  }
}
