import { isDataConstrained, isLowEndDevice } from '../../environment';
import { formatBytes } from '../../../metrics/format';
import { plural } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { pauseOffscreenMediaMeta } from './meta';

export const pauseOffscreenMedia: Strategy<'pause-offscreen-media'> = {
  ...pauseOffscreenMediaMeta,
  title: 'Pause offscreen media',
  changes: 'Pauses playing videos and CSS animations while they are out of view, and resumes them when they come back.',
  revert: 'Resumes the videos it paused and restores the animation-play-state it changed.',
  expectedMetrics: ['renderMs', 'loafMs', 'bytes'],
  liveSafe: true,
  takesEffect: 'now',
  runAt: 'document_idle',
  assess: assessPauseMedia,
  params: () => ({ rootMarginPx: 100, animations: true }),
};

function assessPauseMedia(input: OptimizerInput): Assessment {
  const videos = input.dom?.videos ?? 0;
  const animations = input.dom?.runningAnimations ?? 0;
  const media = input.mediaRequests;
  if (videos === 0 && animations === 0 && media.count === 0) {
    const unknown = input.dom === undefined && input.loads === 0;
    return { applies: false, reason: unknown ? 'Nothing was captured for this page yet' : 'No videos or running animations were seen on this page' };
  }
  const parts = [
    videos > 0 ? plural(videos, 'video') : media.count > 0 ? `${formatBytes(media.bytes, 'short')} of media per load` : null,
    animations > 0 ? plural(animations, 'running animation') : null,
  ].filter(Boolean);
  const saves = isDataConstrained(input.environment) ? 'CPU and data' : 'CPU';
  return {
    applies: true,
    reason: `${parts.join(' and ')}; pausing them while out of view saves ${saves}`,
    impact: isLowEndDevice(input.environment) || isDataConstrained(input.environment) ? 'medium' : 'low',
    auto: false,
  };
}
