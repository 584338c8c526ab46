import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memoKey, memoize, type MemoStore } from '../../../src/core/cache/memo';
import { stableHash, stableStringify, hashString } from '../../../src/core/cache/hash';

function mapStore(): MemoStore & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: async (ns, key) => map.get(`${ns}/${key}`), put: async (ns, key, value) => void map.set(`${ns}/${key}`, value) };
}

describe('stable hashing', () => {
  it('key order does not change the hash; any value change does (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.integer()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(stableHash(record)).toBe(stableHash(reversed));
        const keys = Object.keys(record);
        if (keys.length > 0) expect(stableHash({ ...record, [keys[0]!]: record[keys[0]!]! + 1 })).not.toBe(stableHash(record));
      }),
    );
  });

  it('tells apart values JSON would confuse, and refuses what it cannot hash', () => {
    expect(stableStringify({ a: '1' })).not.toBe(stableStringify({ a: 1 }));
    expect(stableStringify([1, [2]])).not.toBe(stableStringify([[1], 2]));
    expect(() => stableStringify({ a: Number.NaN })).toThrow(/\$\.a/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableStringify(cyclic)).toThrow(/contains itself/);
    expect(hashString('a')).toMatch(/^[0-9a-f]{32}$/);
    expect(hashString('a')).not.toBe(hashString('b'));
  });
});

describe('memoize', () => {
  it('computes once for equal inputs and again for different ones', async () => {
    const store = mapStore();
    let runs = 0;
    const options = { namespace: 'memo:simulator', kind: 'simulation', codeVersion: 3, ttlMs: 60_000 };
    const compute = async () => ++runs;
    expect(await memoize(store, options, { users: 200, seed: 7 }, compute)).toMatchObject({ value: 1, cached: false });
    expect(await memoize(store, options, { seed: 7, users: 200 }, compute)).toMatchObject({ value: 1, cached: true });
    expect(await memoize(store, options, { seed: 8, users: 200 }, compute)).toMatchObject({ value: 2, cached: false });
    expect(await memoize(store, { ...options, codeVersion: 4 }, { users: 200, seed: 7 }, compute)).toMatchObject({ value: 3, cached: false });
    expect(memoKey('simulation', 3, { a: 1 })).toMatch(/^simulation@3:[0-9a-f]{32}$/);
  });

  it('computes inputs it cannot hash every time instead of failing', async () => {
    const store = mapStore();
    const options = { namespace: 'n', kind: 'k', codeVersion: 1, ttlMs: 1 };
    expect(await memoize(store, options, { capacity: Infinity }, () => 7)).toEqual({ value: 7, cached: false, key: '' });
    expect(store.map.size).toBe(0);
  });

  it('a failing store never fails the computation', async () => {
    const broken: MemoStore = { get: async () => Promise.reject(new Error('disk')), put: async () => Promise.reject(new Error('disk')) };
    expect(await memoize(broken, { namespace: 'n', kind: 'k', codeVersion: 1, ttlMs: 1 }, {}, () => 42)).toMatchObject({ value: 42, cached: false });
  });

  it('recomputes when the stored value fails the caller’s check', async () => {
    const store = mapStore();
    const options = { namespace: 'n', kind: 'k', codeVersion: 1, ttlMs: 1 };
    store.map.set(`n/${memoKey('k', 1, { x: 1 })}`, 'not a number');
    const result = await memoize(store, options, { x: 1 }, () => 5, (v): v is number => typeof v === 'number');
    expect(result).toMatchObject({ value: 5, cached: false });
  });
});
