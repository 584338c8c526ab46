import { dataConstraintWords, isDataConstrained } from '../../environment';
import { formatBytes } from '../../../metrics/format';
import { plural } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { lazyLoadImagesMeta } from './meta';

/**
 * Script-inserted images and iframes get loading="lazy" as they are inserted (a document_start
 * MutationObserver, plus the page-world hook on the image src setter for images given a src
 * before insertion). Images of the initial HTML are left alone: the preload scanner requests
 * them before any extension code runs, so marking them lazy would save nothing.
 */
export const lazyLoadImages: Strategy<'lazy-load-images'> = {
  ...lazyLoadImagesMeta,
  title: 'Lazy-load offscreen images',
  changes: 'Adds loading="lazy" to images and iframes that scripts insert outside the viewport (never the LCP image).',
  revert: 'Removes the loading attribute it added, so deferred images load at once.',
  expectedMetrics: ['bytes', 'requests', 'LCP'],
  liveSafe: true,
  takesEffect: 'next-load',
  runAt: 'document_start',
  assess: assessLazyLoading,
  params: (input) => ({ lcpSelector: input.lcp?.selector ?? null, lcpUrl: input.lcp?.url ?? null, iframes: true }),
};

function assessLazyLoading(input: OptimizerInput): Assessment {
  if (input.loads === 0) return { applies: false, reason: 'No load of this page was captured yet: record one to see how its images arrive' };
  const constrained = isDataConstrained(input.environment);
  const { imageRequests: images, iframeRequests: iframes } = input;
  const count = images.script.count + iframes.script.count;
  const bytes = images.script.bytes + iframes.script.bytes;
  const enough = constrained ? count >= 1 || bytes >= 20_000 : count >= 5 || bytes >= 100_000;
  if (enough) {
    const what = iframes.script.count > 0 && images.script.count === 0 ? plural(count, 'iframe') : plural(count, 'image');
    const saving = constrained ? `; ${dataConstraintWords(input.environment)}, so every deferred byte counts` : '';
    return {
      applies: true,
      reason: `${what} inserted by script after the first render (${formatBytes(bytes, 'short')}); lazy-loading defers the ones below the fold${saving}`,
      impact: bytes >= 500_000 ? 'high' : bytes >= 100_000 || constrained ? 'medium' : 'low',
      auto: false,
    };
  }
  if (images.html.count > 0) {
    return {
      applies: false,
      reason: `${plural(images.html.count, 'image')} (${formatBytes(images.html.bytes, 'short')}) come with the page's HTML and are requested before any extension can mark them lazy, so this would save nothing; add loading="lazy" to the offscreen ones in the HTML`,
    };
  }
  if (count > 0) return { applies: false, reason: `Only ${plural(count, 'image')} (${formatBytes(bytes, 'short')}) inserted by script: too few to be worth deferring` };
  return { applies: false, reason: 'No images inserted by script were seen on this page' };
}
