import { isSlowNetwork } from '../../environment';
import { formatMs } from '../../../metrics/format';
import { shortUrl } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Impact, Strategy } from '../../types';
import { prioritizeLcpImageMeta } from './meta';

/** ms of resource load delay (or request start) beyond which the LCP image is "discovered late". */
const LATE_DISCOVERY_MS = 100;

export const prioritizeLcpImage: Strategy<'prioritize-lcp-image'> = {
  ...prioritizeLcpImageMeta,
  title: 'Prioritize the LCP image',
  changes: 'Sets fetchpriority="high" on the LCP image, makes it load eagerly if it was lazy, and preloads it at document start.',
  revert: 'Restores the image\'s original fetchpriority and loading attributes and removes the preload link.',
  expectedMetrics: ['LCP'],
  liveSafe: true,
  takesEffect: 'next-load',
  runAt: 'document_start',
  assess: assessLcpPriority,
  params: (input) => ({
    lcpSelector: input.lcp?.selector ?? null,
    lcpUrl: input.lcp?.url ?? null,
    preload: input.lcp?.url != null && input.lcp.urlStable,
  }),
};

function assessLcpPriority(input: OptimizerInput): Assessment {
  const lcp = input.lcp;
  if (!lcp) return { applies: false, reason: 'No Largest Contentful Paint was captured for this page yet' };
  if (!lcp.url) {
    const element = lcp.selector ? ` (${lcp.selector})` : '';
    return { applies: false, reason: `The largest element${element} is text, not an image: there is no image to prioritize` };
  }
  const name = shortUrl(lcp.url);
  const delay = lcp.resourceLoadDelay ?? lcp.requestStart;
  const late = delay !== null && delay >= LATE_DISCOVERY_MS;
  const slow = isSlowNetwork(input.environment);
  if (!late && lcp.value <= 2500 && !slow) {
    return { applies: false, reason: `The LCP image ${name} already starts loading early and LCP is good (${formatMs(lcp.value, 'short')})` };
  }
  const when = delay === null ? '' : lcp.resourceLoadDelay !== null ? ` starts loading ${formatMs(delay, 'short')} after the first byte` : ` starts loading ${formatMs(delay, 'short')} into the load`;
  const network = slow ? ` on this ${input.environment.effectiveType} connection` : '';
  return {
    applies: true,
    reason: `The LCP image ${name}${when} (LCP ${formatMs(lcp.value, 'short')}${network}); fetchpriority=high and a preload fetch it first`,
    impact: lcpImpact(lcp.value, delay),
    auto: false,
  };
}

function lcpImpact(lcpMs: number, delayMs: number | null): Impact {
  if (lcpMs > 4000 || (delayMs ?? 0) > 500) return 'high';
  if (lcpMs > 2500 || (delayMs ?? 0) > 200) return 'medium';
  return 'low';
}
