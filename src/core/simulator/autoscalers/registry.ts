/** Every autoscaler by kind. */
import type { NormalizedAutoscaler } from '../validate.ts';
import { HorizontalPodAutoscaler } from './hpa.ts';
import { TargetTrackingScaler } from './target-tracking.ts';
import type { Autoscaler } from './types.ts';

/** Creates the autoscaler a (validated) configuration describes. */
export function createAutoscaler(config: NormalizedAutoscaler): Autoscaler {
  switch (config.kind) {
    case 'hpa':
      return new HorizontalPodAutoscaler(config);
    case 'target-tracking':
      return new TargetTrackingScaler(config);
  }
}
