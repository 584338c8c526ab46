import type { Runtime } from 'webextension-polyfill';
import type { PanelRequestName, PanelRequests, PanelToBackground } from '../shared/protocol';
import type { Handler, PanelHandlers } from './handlers';

/**
 * The handler for a message from a panel, or null if it is not a request this background
 * answers. Only the map's own names count: "toString" or "constructor" are not requests.
 */
export function handlerFor(handlers: PanelHandlers, raw: unknown): { msg: PanelToBackground; handler: Handler<PanelRequestName> } | null {
  const msg = raw as PanelToBackground;
  if (!msg || typeof msg !== 'object' || msg.type !== 'request' || typeof msg.id !== 'number' || typeof msg.name !== 'string') return null;
  if (!Object.hasOwn(handlers, msg.name)) return null;
  return { msg, handler: handlers[msg.name] as Handler<PanelRequestName> };
}

/** Answers a panel port's requests: each reply carries the request's id, an error its message. */
export function routePanelPort(handlers: PanelHandlers, port: Runtime.Port): void {
  port.onMessage.addListener((raw: unknown) => {
    const found = handlerFor(handlers, raw);
    if (!found) return;
    const { msg, handler } = found;
    const reply = (message: object) => {
      try {
        port.postMessage(message);
      } catch {
        // The panel closed before the answer was ready: nobody is waiting for it.
      }
    };
    handler(msg.args as PanelRequests[PanelRequestName] as never, port).then(
      (result) => reply({ type: 'reply', id: msg.id, ok: true, result }),
      (error: unknown) => reply({ type: 'reply', id: msg.id, ok: false, error: String((error as Error)?.message ?? error) }),
    );
  });
}
