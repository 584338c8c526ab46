import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { DevToolsPresence, RECONNECT_GRACE_MS } = await import('../../../src/background/devtools-presence');

/** A storage.session stand-in holding one value per key. */
function fakeArea(initial: Record<string, unknown> = {}) {
  const data = { ...initial };
  return {
    data,
    get: async (key: string) => ({ [key]: data[key] }),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
  };
}

function fakePort() {
  const listeners: (() => void)[] = [];
  const port = { onDisconnect: { addListener: (l: () => void) => listeners.push(l) } } as unknown as Runtime.Port;
  return { port, disconnect: () => listeners.forEach((l) => l()) };
}

afterEach(() => vi.useRealTimers());

describe('DevTools presence', () => {
  it('counts a tab as open while one of its ports is connected', async () => {
    const area = fakeArea();
    const presence = new DevToolsPresence(area as never);
    const changes: number[] = [];
    presence.onChange((tab) => changes.push(tab));
    const a = fakePort();
    const b = fakePort();
    expect(await presence.has(3)).toBe(false);
    presence.add(3, a.port);
    presence.add(3, b.port);
    expect(await presence.has(3)).toBe(true);
    a.disconnect();
    expect(await presence.has(3)).toBe(true);
    b.disconnect();
    expect(await presence.has(3)).toBe(false);
    expect(await presence.has(4)).toBe(false);
    expect(changes).toEqual([3, 3, 3, 3]);
  });

  it('moves a port that inspects another tab', async () => {
    const presence = new DevToolsPresence(fakeArea() as never);
    const a = fakePort();
    presence.add(1, a.port);
    presence.add(2, a.port);
    expect(await presence.has(1)).toBe(false);
    expect(await presence.has(2)).toBe(true);
  });

  it('after a restart, counts tabs that had DevTools open during the grace only, until they come back or close', async () => {
    vi.useFakeTimers();
    const area = fakeArea({ devtoolsTabs: [5, 6, 'x'] });
    const presence = new DevToolsPresence(area as never);
    await presence.ready;
    expect(await presence.has(5)).toBe(true);
    expect(await presence.has(6)).toBe(true);
    // Tab 5's panel reconnects, then closes: it is closed even within the grace.
    const p = fakePort();
    presence.add(5, p.port);
    p.disconnect();
    expect(await presence.has(5)).toBe(false);
    // Tab 6's DevTools never comes back: it stops counting when the grace ends, and is told so.
    const changes: number[] = [];
    presence.onChange((tab) => changes.push(tab));
    vi.advanceTimersByTime(RECONNECT_GRACE_MS + 100);
    expect(await presence.has(6)).toBe(false);
    expect(changes).toContain(6);
  });
});
