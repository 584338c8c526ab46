import { deviceWords, isLowEndDevice } from '../../environment';
import { plural } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { reduceMotionMeta } from './meta';

export const reduceMotion: Strategy<'reduce-motion'> = {
  ...reduceMotionMeta,
  title: 'Reduce motion',
  changes: 'Adds a stylesheet that ends CSS animations at once and turns off transitions and smooth scrolling.',
  revert: 'Removes the stylesheet.',
  expectedMetrics: ['renderMs', 'loafMs', 'INP'],
  liveSafe: true,
  takesEffect: 'now',
  runAt: 'document_start',
  assess: assessReduceMotion,
  params: () => ({}),
};

function assessReduceMotion(input: OptimizerInput): Assessment {
  const animations = input.dom?.runningAnimations ?? null;
  if (input.environment.prefersReducedMotion) {
    const still = animations ? `, yet ${plural(animations, 'animation')} run on this page` : '';
    return { applies: true, reason: `Your system asks for reduced motion${still}`, impact: 'medium', auto: true };
  }
  if (animations === null) return { applies: false, reason: 'Running animations were not counted on this page yet' };
  if (animations === 0) return { applies: false, reason: 'Nothing on this page animates' };
  const lowEnd = isLowEndDevice(input.environment);
  const frames = input.longFrames.count;
  if (lowEnd || frames >= 3) {
    const where = lowEnd ? ` on ${deviceWords(input.environment)}` : '';
    const jank = frames > 0 ? ` with ${plural(frames, 'long frame')} per load` : '';
    return {
      applies: true,
      reason: `${plural(animations, 'animation')} run${where}${jank}; turning motion off frees the main thread`,
      impact: frames >= 10 ? 'medium' : 'low',
      auto: false,
    };
  }
  return { applies: false, reason: `${plural(animations, 'animation')} run, but this device keeps up with them (few long frames)` };
}
