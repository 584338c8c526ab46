import type { SimulatorRequests } from '../shared/protocol-simulator';
import type { BackgroundContext, HandlerMap } from './handlers';

/** The background side of the simulator capability. */
export function simulatorHandlers(_context: BackgroundContext): HandlerMap<keyof SimulatorRequests> {
  return {};
}
