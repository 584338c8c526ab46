/**
 * The optimizer content script (isolated world, document_start), injected only into pages of
 * sites where a strategy is on (registered by src/background/optimizer-scripts.ts, and injected
 * into open tabs when one is switched on): the appliers, and the private channel to the
 * page-world optimizer script (src/page/optimizer-main.ts). The capture content script reaches
 * it through the seam it publishes (SPA navigations, the applied strategies for COLLECT_FACTS).
 */
import { OPTIMIZER_CHANNEL_EVENT, OPTIMIZER_READY_EVENT } from '../shared/page-protocol';
import { PageOptimizer } from './optimizer';
import { offerChannel } from './page-channel';
import { optimizerSeam, publishOptimizerSeam } from './optimizer-seam';

if (window.top === window && !optimizerSeam()) {
  // The channel first: it must be offered before any page script runs.
  const port = offerChannel(OPTIMIZER_CHANNEL_EVENT, OPTIMIZER_READY_EVENT, new AbortController().signal);
  const optimizer = new PageOptimizer((command) => port.postMessage(command));
  publishOptimizerSeam({ sync: (url) => optimizer.sync(url), applied: () => optimizer.applied() });
  optimizer.start().catch((error: unknown) => console.debug('[Admin Performance] optimizer settings unavailable:', error));
}
