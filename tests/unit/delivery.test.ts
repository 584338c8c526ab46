import { describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../../src/core/capture/delivery';

describe('DeliveryQueue', () => {
  it('numbers batches and keeps them until acknowledged', () => {
    const q = new DeliveryQueue<number>({ maxBatchItems: 2, maxUnacked: 10, maxQueued: 100 });
    [1, 2, 3].forEach((n) => q.push(n));
    const a = q.takeBatch();
    const b = q.takeBatch();
    expect(a).toEqual({ seq: 1, items: [1, 2], dropped: 0 });
    expect(b).toEqual({ seq: 2, items: [3], dropped: 0 });
    expect(q.takeBatch()).toBeNull();
    q.ack(1);
    expect(q.pending().map((x) => x.seq)).toEqual([2]);
    q.ack(1);
    q.ack(2);
    expect(q.pending()).toEqual([]);
  });

  it('resends unacknowledged batches in order after a reconnect', () => {
    const q = new DeliveryQueue<string>({ maxBatchItems: 1, maxUnacked: 10, maxQueued: 100 });
    ['a', 'b', 'c'].forEach((s) => q.push(s));
    q.takeBatch();
    q.takeBatch();
    q.takeBatch();
    q.ack(2);
    expect(q.pending().map((x) => x.items[0])).toEqual(['a', 'c']);
  });

  it('pauses when the unacknowledged window is full', () => {
    const q = new DeliveryQueue<number>({ maxBatchItems: 1, maxUnacked: 2, maxQueued: 100 });
    [1, 2, 3].forEach((n) => q.push(n));
    expect(q.takeBatch()?.seq).toBe(1);
    expect(q.takeBatch()?.seq).toBe(2);
    expect(q.takeBatch()).toBeNull();
    q.ack(1);
    expect(q.takeBatch()?.items).toEqual([3]);
  });

  it('stays bounded, dropping the oldest queued items and reporting how many', () => {
    const q = new DeliveryQueue<number>({ maxBatchItems: 1000, maxUnacked: 1, maxQueued: 1000 });
    for (let i = 0; i < 20_000; i++) q.push(i);
    expect(q.queuedCount()).toBe(1000);
    expect(q.droppedTotal).toBe(19_000);
    const batch = q.takeBatch();
    expect(batch?.items[0]).toBe(19_000);
    expect(batch?.dropped).toBe(19_000);
  });
});
