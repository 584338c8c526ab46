/**
 * Target tracking in the style of AWS Application Auto Scaling / EC2 Auto Scaling: one datapoint
 * per evaluation period; scale out after `scaleOutDatapoints` consecutive datapoints above the
 * target, to ceil(measured × metric / target) plus the instances still warming up (so capacity
 * being added is not added twice); scale in, more cautiously, after `scaleInDatapoints`
 * consecutive datapoints below target × (1 − margin), never during the scale-in cooldown or the
 * cooldown of a scale-out. A new instance's metrics are left out for `instanceWarmupMs`.
 */
import type { NormalizedTargetTracking } from '../validate.ts';
import type { Autoscaler, ScalingDecision, ScalingInput } from './types.ts';

export class TargetTrackingScaler implements Autoscaler {
  readonly kind = 'target-tracking';
  readonly periodMs: number;
  readonly warmupMs: number;
  private above = 0;
  private below = 0;
  private lastScaleOutMs = -Infinity;
  private lastScaleInMs = -Infinity;

  constructor(private readonly config: NormalizedTargetTracking) {
    this.periodMs = config.evaluationPeriodMs;
    this.warmupMs = config.instanceWarmupMs;
  }

  recommend(input: ScalingInput): ScalingDecision {
    const { minReplicas, maxReplicas, targetUtilizationPercent: target } = this.config;
    const current = input.currentReplicas;
    const bounded = Math.min(maxReplicas, Math.max(minReplicas, current));
    if (bounded !== current) return { desiredReplicas: bounded, reason: 'replicas outside min/max' };
    const metric = input.utilizationPercent;
    if (input.measuredReplicas === 0 || !Number.isFinite(metric)) return { desiredReplicas: current, reason: 'no measured instance' };
    this.countDatapoint(metric, target);
    const proportional = Math.ceil((input.measuredReplicas * metric) / target) + input.unmeasuredReplicas;
    const label = `utilization ${metric.toFixed(1)}% (target ${target}%)`;
    if (this.above >= this.config.scaleOutDatapoints && proportional > current) {
      this.lastScaleOutMs = input.nowMs;
      this.above = 0;
      return { desiredReplicas: Math.min(maxReplicas, proportional), reason: `${label}: scale out` };
    }
    if (this.below >= this.config.scaleInDatapoints && proportional < current && this.scaleInAllowed(input.nowMs)) {
      this.lastScaleInMs = input.nowMs;
      this.below = 0;
      return { desiredReplicas: Math.max(minReplicas, proportional), reason: `${label}: scale in` };
    }
    return { desiredReplicas: current, reason: `${label}: no change` };
  }

  private countDatapoint(metric: number, target: number): void {
    if (metric > target) {
      this.above++;
      this.below = 0;
    } else if (metric < target * (1 - this.config.scaleInMargin)) {
      this.below++;
      this.above = 0;
    } else {
      this.above = 0;
      this.below = 0;
    }
  }

  private scaleInAllowed(nowMs: number): boolean {
    return nowMs - this.lastScaleInMs >= this.config.scaleInCooldownMs && nowMs - this.lastScaleOutMs >= this.config.scaleOutCooldownMs;
  }
}
