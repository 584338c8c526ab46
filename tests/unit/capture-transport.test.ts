// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryQueue } from '../../src/core/capture/delivery';
import { CaptureTransport } from '../../src/content/transport';
import type { CaptureItem, ContentMessage } from '../../src/shared/protocol';

/** A runtime port that records what the content script posts and lets the test answer. */
function fakeExtension() {
  const posted: ContentMessage[] = [];
  const listeners: ((msg: unknown) => void)[] = [];
  const port = {
    postMessage: (msg: ContentMessage) => posted.push(structuredClone(msg)),
    disconnect: () => {},
    onMessage: { addListener: (l: (msg: unknown) => void) => listeners.push(l) },
    onDisconnect: { addListener: () => {} },
  };
  (globalThis as { chrome?: unknown }).chrome = { runtime: { id: 'test', connect: () => port, onMessage: { addListener: () => {} } } };
  return {
    posted,
    answer: (msg: unknown) => listeners.forEach((l) => l(msg)),
    batches: () => posted.filter((m) => m.type === 'batch'),
    hellos: () => posted.filter((m) => m.type === 'hello'),
  };
}

const item = (i: number): CaptureItem => ({ kind: 'memory', t: i, viewId: 'p:0', heapUsed: null, heapTotal: null, domNodes: i });

describe('CaptureTransport', () => {
  let transport: CaptureTransport;
  let queue: DeliveryQueue<CaptureItem>;
  let ext: ReturnType<typeof fakeExtension>;

  beforeEach(() => {
    vi.useFakeTimers();
    ext = fakeExtension();
    queue = new DeliveryQueue<CaptureItem>();
    transport = new CaptureTransport({ pageId: 'p', queue, liveGatherMs: 400, quietGatherMs: 2000, takeRejected: () => 0 });
    transport.start();
  });
  afterEach(() => {
    transport.stop();
    vi.useRealTimers();
    delete (globalThis as { chrome?: unknown }).chrome;
  });

  const push = (i: number) => {
    queue.push(item(i));
    transport.queued();
  };

  it('gathers for the long window while no one watches, then sends everything queued as one batch', () => {
    push(1);
    vi.advanceTimersByTime(1000);
    push(2);
    vi.advanceTimersByTime(900);
    expect(ext.batches()).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(ext.batches().map((b) => b.type === 'batch' && b.items.length)).toEqual([2]);
    // The loaded page said hello once, before its first batch.
    expect(ext.hellos()).toHaveLength(1);
    expect(ext.posted[0]!.type).toBe('hello');
  });

  it('uses the short window once the background says a panel watches, and sends what waits at once within it', () => {
    push(1);
    vi.advanceTimersByTime(100);
    ext.answer({ type: 'capture', on: true, live: true });
    vi.advanceTimersByTime(399);
    expect(ext.batches()).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(ext.batches()).toHaveLength(1);
    push(2);
    vi.advanceTimersByTime(400);
    expect(ext.batches()).toHaveLength(2);
    // No one watches any more: back to the long window.
    ext.answer({ type: 'capture', on: true, live: false });
    queue.ack(1);
    queue.ack(2);
    push(3);
    vi.advanceTimersByTime(1999);
    expect(ext.batches()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(ext.batches()).toHaveLength(3);
  });

  it('sends at once when the page is hidden or unloaded', () => {
    push(1);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(ext.batches()).toHaveLength(1);
    push(2);
    window.dispatchEvent(new Event('pagehide'));
    expect(ext.batches()).toHaveLength(2);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });
});
