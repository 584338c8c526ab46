import type { OptimizerRequests } from '../shared/protocol-optimizer';
import type { BackgroundContext, HandlerMap } from './handlers';

/** The background side of the optimizer capability. */
export function optimizerHandlers(_context: BackgroundContext): HandlerMap<keyof OptimizerRequests> {
  return {};
}
