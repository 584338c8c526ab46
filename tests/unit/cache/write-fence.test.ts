import { describe, expect, it } from 'vitest';
import { WriteFence } from '../../../src/core/cache/write-fence';

const A = 'http://a.test';
const B = 'http://b.test';

describe('the write fence', () => {
  it('voids a read only for a write of its resource after its mark, on its origin', () => {
    const fence = new WriteFence(60_000);
    fence.recordWrite(A, `${A}/api/users`, 0);
    const mark = fence.mark();
    expect(fence.overlapped(A, `${A}/api/users?page=1`, mark)).toBe(false);
    fence.recordWrite(A, `${A}/api/orders/7`, 1);
    fence.recordWrite(B, `${B}/api/users`, 2);
    expect(fence.overlapped(A, `${A}/api/users?page=1`, mark)).toBe(false);
    expect(fence.overlapped(A, `${A}/api/orders?page=3`, mark)).toBe(true);
    expect(fence.overlapped(B, `${B}/api/users/5`, mark)).toBe(true);
    // An item's write changes its collection and its ancestors' entries, not a sibling collection.
    fence.recordWrite(A, `${A}/api/users/5`, 3);
    expect(fence.overlapped(A, `${A}/api/users?page=1`, mark)).toBe(true);
    expect(fence.overlapped(A, `${A}/api`, mark)).toBe(true);
    expect(fence.overlapped(A, `${A}/api/roles`, mark)).toBe(false);
    // A read marked after every write is never voided.
    expect(fence.overlapped(A, `${A}/api/users?page=1`, fence.mark())).toBe(false);
  });

  it('forgets writes older than it keeps them, and refuses reads older than what it forgot for room', () => {
    const fence = new WriteFence(1_000, 3);
    fence.recordWrite(A, `${A}/api/users`, 0);
    fence.recordWrite(A, `${A}/api/orders`, 2_000);
    expect(fence.size).toBe(1);
    const mark = fence.mark();
    for (let i = 0; i < 5; i++) fence.recordWrite(A, `${A}/api/orders`, 2_001 + i);
    expect(fence.size).toBe(3);
    // Writes of other resources forgotten for room: a read marked before them cannot be cleared.
    expect(fence.overlapped(A, `${A}/api/roles`, mark)).toBe(true);
    expect(fence.overlapped(A, `${A}/api/roles`, fence.mark() - 2)).toBe(false);
  });
});
