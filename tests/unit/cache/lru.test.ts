import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LruIndex } from '../../../src/core/cache/lru';

type Op = { kind: 'set'; key: string; bytes: number } | { kind: 'touch'; key: string } | { kind: 'remove'; key: string } | { kind: 'evict' };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, bytes: fc.nat(1000) }),
  fc.record({ kind: fc.constant('touch' as const), key }),
  fc.record({ kind: fc.constant('remove' as const), key }),
  fc.record({ kind: fc.constant('evict' as const) }),
);

describe('LruIndex', () => {
  it('keeps the same order and byte total as a naive list model', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const lru = new LruIndex<number>();
        let model: { key: string; bytes: number }[] = [];
        for (const step of ops) {
          if (step.kind === 'set') {
            lru.set(step.key, step.bytes, step.bytes);
            model = model.filter((item) => item.key !== step.key).concat({ key: step.key, bytes: step.bytes });
          } else if (step.kind === 'touch') {
            const found = model.find((item) => item.key === step.key);
            expect(lru.touch(step.key)).toBe(found?.bytes);
            if (found) model = model.filter((item) => item !== found).concat(found);
          } else if (step.kind === 'remove') {
            const found = model.find((item) => item.key === step.key);
            expect(lru.remove(step.key)?.bytes).toBe(found?.bytes);
            model = model.filter((item) => item.key !== step.key);
          } else {
            const oldest = model.shift();
            expect(lru.evictOldest()?.key).toBe(oldest?.key);
          }
          expect([...lru.keysOldestFirst()]).toEqual(model.map((item) => item.key));
          expect(lru.bytes).toBe(model.reduce((sum, item) => sum + item.bytes, 0));
          expect(lru.size).toBe(model.length);
        }
      }),
    );
  });

  it('peek does not change the order', () => {
    const lru = new LruIndex<string>();
    lru.set('a', 'A', 1);
    lru.set('b', 'B', 1);
    expect(lru.peek('a')).toBe('A');
    expect(lru.peekOldest()?.key).toBe('a');
    lru.touch('a');
    expect(lru.peekOldest()?.key).toBe('b');
  });

  it('refuses a negative or non-finite size', () => {
    const lru = new LruIndex<string>();
    expect(() => lru.set('a', 'A', -1)).toThrow(/bytes/);
    expect(() => lru.set('a', 'A', Number.NaN)).toThrow(/bytes/);
    expect(lru.size).toBe(0);
  });
});
