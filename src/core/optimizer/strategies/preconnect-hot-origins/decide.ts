import { isSlowNetwork } from '../../environment';
import { formatMs } from '../../../metrics/format';
import { hostOf, listWords } from '../../format';
import type { OptimizerInput, OriginConnection } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { preconnectHotOriginsMeta } from './meta';

/** More than a few preconnects compete with the page's own requests. */
export const MAX_PRECONNECTS = 4;

export const preconnectHotOrigins: Strategy<'preconnect-hot-origins'> = {
  ...preconnectHotOriginsMeta,
  title: 'Preconnect to hot origins',
  changes: 'Adds <link rel=preconnect> and <link rel=dns-prefetch> for the other origins the page spends most connection time on.',
  revert: 'Removes the links it added.',
  expectedMetrics: ['LCP', 'FCP'],
  liveSafe: true,
  takesEffect: 'next-load',
  runAt: 'document_start',
  assess: assessPreconnect,
  params: (input) => ({ origins: hotOrigins(input).map(({ origin, anonymous, credentialed }) => ({ origin, anonymous, credentialed })) }),
};

/** Connection setup per load (DNS + TCP + TLS) from which an origin counts as hot. */
function hotThresholdMs(input: OptimizerInput): number {
  return isSlowNetwork(input.environment) ? 30 : 50;
}

function hotOrigins(input: OptimizerInput): OriginConnection[] {
  const threshold = hotThresholdMs(input);
  return input.connections.filter((connection) => connection.connectMs >= threshold).slice(0, MAX_PRECONNECTS);
}

function assessPreconnect(input: OptimizerInput): Assessment {
  if (input.loads === 0) return { applies: false, reason: 'No load of this page was captured yet' };
  if (input.connections.length === 0) {
    return { applies: false, reason: 'The page loads everything from its own origin, whose connection is already open' };
  }
  const hot = hotOrigins(input);
  if (hot.length === 0) {
    const timed = input.connections.filter((connection) => connection.untimed < connection.requests);
    if (timed.length === 0) {
      return { applies: false, reason: `${listWords(input.connections.map((c) => hostOf(c.origin)))} expose no connection timing (no Timing-Allow-Origin), so their setup cost is unknown` };
    }
    const slowest = Math.max(...input.connections.map((connection) => connection.connectMs));
    return { applies: false, reason: `Connections to other origins are quick (at most ${formatMs(slowest, 'short')} per load)` };
  }
  const total = hot.reduce((sum, connection) => sum + connection.connectMs, 0);
  const verb = hot.length === 1 ? 'spends' : 'spend';
  return {
    applies: true,
    reason: `${listWords(hot.map((c) => hostOf(c.origin)))} ${verb} ${formatMs(total, 'short')} per load setting up connections; preconnecting opens them while the HTML loads`,
    impact: total >= 300 ? 'high' : total >= 100 ? 'medium' : 'low',
    auto: false,
  };
}
