import { formatMs } from '../../../metrics/format';
import { plural } from '../../format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { cacheRepeatedApiCallsMeta } from './meta';

/** Repeats of endpoints at least this slow (median) make the switch worth "high". */
const SLOW_ENDPOINT_MS = 300;

export const cacheRepeatedApiCalls: Strategy<'cache-repeated-api-calls'> = {
  ...cacheRepeatedApiCallsMeta,
  title: 'Cache repeated API calls',
  changes: 'Answers repeated same-origin API reads (JSON GETs, fresh 30 s by default; rules in the Cache view) from the extension’s cache, kept apart per login; a write to a resource drops its cached reads.',
  revert: 'Stops answering from the cache: every request goes to the network again.',
  expectedMetrics: ['requests', 'bytes', 'LCP'],
  liveSafe: false,
  takesEffect: 'next-load',
  runAt: 'document_start',
  assess: assessCache,
  params: (input) => ({ repeatedEndpoints: input.apiCalls.filter((c) => c.calls > 1).map((c) => c.endpoint) }),
};

function assessCache(input: OptimizerInput): Assessment {
  const calls = input.apiCalls;
  if (calls.length === 0) return { applies: false, reason: 'No same-origin API requests (fetch or XHR GETs) were captured on this page yet' };
  const repeating = calls.filter((c) => c.repeatedCalls > 0);
  if (repeating.length === 0) {
    return { applies: false, reason: `Each of the ${plural(calls.length, 'API request')} asked for a different URL: there was nothing to answer twice` };
  }
  const top = repeating[0]!;
  const repeats = repeating.reduce((sum, c) => sum + c.repeatedCalls, 0);
  const waitedMs = repeating.reduce((sum, c) => sum + c.repeatedCalls * c.medianMs, 0);
  const others = repeating.length > 1 ? ` and ${plural(repeating.length - 1, 'other endpoint')}` : '';
  return {
    applies: true,
    reason: `${top.endpoint} was asked ${top.calls} times for the same data (median ${formatMs(top.medianMs, 'short')})${others}: ${plural(repeats, 'repeated request')} waited ${formatMs(waitedMs, 'short')} in all, which the cache answers at once`,
    impact: repeating.some((c) => c.medianMs >= SLOW_ENDPOINT_MS) ? 'high' : repeats >= 5 ? 'medium' : 'low',
    auto: false,
  };
}
