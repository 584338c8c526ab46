import { deviceWords, isLowEndDevice } from '../../environment';
import { plural } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { asyncImageDecodingMeta } from './meta';

export const asyncImageDecoding: Strategy<'async-image-decoding'> = {
  ...asyncImageDecodingMeta,
  title: 'Decode images off the main thread',
  changes: 'Sets decoding="async" on images that have no decoding attribute, existing and inserted (not the LCP image).',
  revert: 'Removes the decoding attribute it added.',
  expectedMetrics: ['loafMs', 'renderMs', 'INP'],
  liveSafe: true,
  takesEffect: 'now',
  runAt: 'document_start',
  assess: assessAsyncDecoding,
  params: (input) => ({ lcpSelector: input.lcp?.selector ?? null, lcpUrl: input.lcp?.url ?? null }),
};

function assessAsyncDecoding(input: OptimizerInput): Assessment {
  if (input.loads === 0) return { applies: false, reason: 'No load of this page was captured yet' };
  const { html, script, unknown } = input.imageRequests;
  const images = html.count + script.count + unknown.count;
  if (images === 0) return { applies: false, reason: 'No images were loaded on this page' };
  const lowEnd = isLowEndDevice(input.environment);
  const frames = input.longFrames.count;
  const enoughImages = images >= (lowEnd ? 5 : 15);
  if (enoughImages && (frames > 0 || lowEnd)) {
    const device = lowEnd ? ` on ${deviceWords(input.environment)}` : '';
    const jank = frames > 0 ? ` and ${plural(frames, 'long frame')}` : '';
    return {
      applies: true,
      reason: `${plural(images, 'image')} per load${jank}${device}; decoding them off the main thread keeps frames short`,
      impact: lowEnd || images >= 50 ? 'medium' : 'low',
      auto: false,
    };
  }
  if (!enoughImages) return { applies: false, reason: `Only ${plural(images, 'image')} per load: decoding them is cheap` };
  return { applies: false, reason: `${plural(images, 'image')} per load but no long frames: decoding is not costing frames here` };
}
