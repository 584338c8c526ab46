import type { SessionsRequests } from '../shared/protocol-sessions';
import type { BackgroundContext, HandlerMap } from './handlers';

/** The background side of the sessions capability. */
export function sessionsHandlers(_context: BackgroundContext): HandlerMap<keyof SessionsRequests> {
  return {};
}
