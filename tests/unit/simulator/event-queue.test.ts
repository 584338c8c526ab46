import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/core/simulator/event-queue.ts';
import { EventHeap } from '../../../src/core/simulator/heap.ts';
import { Rng } from '../../../src/core/simulator/rng.ts';

/** Runs the hold model on the queue and on a plain heap side by side; returns the pop times of the queue. */
function holdAgainstHeap(size: number, operations: number, gap: (rng: Rng, i: number) => number): number[] {
  const queue = new EventQueue(16);
  const heap = new EventHeap(16);
  const rng = new Rng(size);
  for (let i = 0; i < size; i++) {
    const t = rng.exponential(1);
    queue.push(t, i % 16, i);
    heap.push(t, i % 16, i);
  }
  const times: number[] = [];
  for (let i = 0; i < operations; i++) {
    heap.pop();
    if (!queue.pop() || queue.topTime !== heap.topTime) throw new Error(`pop ${i}: queue ${queue.topTime}, heap ${heap.topTime}`);
    times.push(queue.topTime);
    const t = queue.topTime + gap(rng, i);
    queue.push(t, queue.topKind, queue.topPayload);
    heap.push(t, heap.topKind, heap.topPayload);
  }
  expect(queue.size).toBe(size);
  return times;
}

describe('EventQueue', () => {
  it('pops in time order with buckets (hold model, 20,000 pending), as a plain heap does', () => {
    const times = holdAgainstHeap(20_000, 200_000, (rng) => rng.exponential(1));
    expect(times.findIndex((t, i) => i > 0 && t < times[i - 1]!)).toBe(-1);
  });

  it('keeps order through far-future events, ties and a changing density', () => {
    holdAgainstHeap(10_000, 150_000, (rng, i) => (i % 997 === 0 ? 1e6 : i % 5 === 0 ? 0 : i > 80_000 ? rng.exponential(0.001) : rng.exponential(1)));
  });

  it('takes events earlier than the current bucket and infinite times', () => {
    const queue = new EventQueue();
    for (let i = 0; i < 10_000; i++) queue.push(i, 0, i);
    for (let i = 0; i < 5_000; i++) queue.pop();
    queue.push(10.5, 1, 1); // earlier than everything popped lately: still comes out first
    queue.push(Infinity, 2, 2);
    expect(queue.pop()).toBe(true);
    expect([queue.topTime, queue.topKind]).toEqual([10.5, 1]);
    let last = -Infinity;
    let count = 0;
    while (queue.pop()) {
      expect(queue.topTime).toBeGreaterThanOrEqual(last);
      last = queue.topTime;
      count++;
    }
    expect(last).toBe(Infinity);
    expect(count).toBe(5_001);
    expect(queue.size).toBe(0);
  });

  it('is deterministic on ties: the same pushes give the same pops', () => {
    const run = (): number[] => {
      const queue = new EventQueue();
      for (let i = 0; i < 20_000; i++) queue.push(i % 7, 1, i);
      const order: number[] = [];
      while (queue.pop()) order.push(queue.topPayload);
      return order;
    };
    expect(run()).toEqual(run());
  });
});
