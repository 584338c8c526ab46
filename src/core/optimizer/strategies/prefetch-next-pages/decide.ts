import { dataConstraintWords, isDataConstrained } from '../../environment';
import { pathOf, plural } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { prefetchNextPagesMeta } from './meta';

export const prefetchNextPages: Strategy<'prefetch-next-pages'> = {
  ...prefetchNextPagesMeta,
  title: 'Prefetch likely next pages',
  changes: 'Adds <link rel=prefetch> for a same-origin link when it is hovered or focused, and for the pages usually opened next when idle.',
  revert: 'Removes the prefetch links and stops listening.',
  expectedMetrics: ['LCP', 'FCP'],
  liveSafe: true,
  takesEffect: 'now',
  runAt: 'document_idle',
  assess: assessPrefetch,
  params: (input) => ({ likelyUrls: input.navigation.likelyNext.map((next) => next.url), idleLinks: 2, maxPrefetches: 5, hoverDelayMs: 65 }),
};

function assessPrefetch(input: OptimizerInput): Assessment {
  const environment = input.environment;
  if (isDataConstrained(environment)) {
    return { applies: false, reason: `${capitalized(dataConstraintWords(environment))}: prefetching would spend data on pages you may not open` };
  }
  if (environment.deviceMemory !== null && environment.deviceMemory < 1) {
    return { applies: false, reason: 'This device has too little memory to keep prefetched pages around' };
  }
  const { hardNext, softNext, likelyNext } = input.navigation;
  if (hardNext > 0) {
    const top = likelyNext[0];
    const most = top ? ` (most often ${pathOf(top.url)})` : '';
    return {
      applies: true,
      reason: `You opened ${plural(hardNext, 'other page')} of this app from here with a full page load${most}; prefetching the next one on hover makes it open sooner`,
      impact: hardNext >= 3 ? 'medium' : 'low',
      auto: false,
    };
  }
  if (softNext > 0) return { applies: false, reason: 'Navigations from here are in-app route changes: there is no next document to prefetch' };
  return { applies: false, reason: 'No navigation away from this page was captured yet' };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
