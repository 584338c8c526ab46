import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { PanelHandlers } from '../../../src/background/handlers';
import { handlerFor, routePanelPort } from '../../../src/background/panel-router';

const handlers = {
  status: async ({ tabId }: { tabId: number }) => ({ tabId }),
  listSessions: async () => {
    throw new Error('the store is closed');
  },
} as unknown as PanelHandlers;

/** A port that records what the background posts and lets the test deliver messages. */
function fakePort() {
  const listeners: ((message: unknown) => void)[] = [];
  const posted: unknown[] = [];
  const port = {
    onMessage: { addListener: (listener: (message: unknown) => void) => listeners.push(listener) },
    postMessage: (message: unknown) => posted.push(message),
  } as unknown as Runtime.Port;
  return { port, posted, deliver: (message: unknown) => listeners.forEach((listener) => listener(message)) };
}

const request = (name: string, args: unknown = {}) => ({ type: 'request', id: 7, name, args });

describe('panel request router', () => {
  it('finds the handler of a request name the map has', () => {
    expect(handlerFor(handlers, request('status'))?.handler).toBe(handlers.status);
  });
  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', 'nope'])('answers no handler for the inherited or unknown name %s', (name) => {
    expect(handlerFor(handlers, request(name))).toBeNull();
  });
  it.each([
    ['null', null],
    ['a string', 'status'],
    ['a reply', { type: 'reply', id: 1, name: 'status' }],
    ['a request without a numeric id', { type: 'request', id: '1', name: 'status' }],
    ['a request whose name is not a string', { type: 'request', id: 1, name: ['status'] }],
  ])('ignores %s', (_, raw) => expect(handlerFor(handlers, raw)).toBeNull());

  it('replies with the result or the error message, under the request id, and never to an inherited name', async () => {
    const { port, posted, deliver } = fakePort();
    routePanelPort(handlers, port);
    deliver(request('toString'));
    deliver(request('status', { tabId: 3 }));
    deliver({ ...request('listSessions'), id: 8 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted).toEqual([
      { type: 'reply', id: 7, ok: true, result: { tabId: 3 } },
      { type: 'reply', id: 8, ok: false, error: 'the store is closed' },
    ]);
  });
});
