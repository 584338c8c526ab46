import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { identityMaterial, isAnonymous, partitionNamespace, partitionOrigin } from '../../../src/core/cache/partition';
import { hashString } from '../../../src/core/cache/hash';
import { CachePolicy } from '../../../src/core/cache/policy';

const cookie = fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), value: fc.stringMatching(/^[a-z0-9]{0,8}$/) });

describe('identity partitions', () => {
  it('the same cookies in any order are the same identity', () => {
    fc.assert(
      fc.property(fc.uniqueArray(cookie, { selector: (c) => c.name, maxLength: 6 }), (cookies) => {
        const a = identityMaterial({ authorization: null, cookies, identityCookie: null });
        const b = identityMaterial({ authorization: null, cookies: [...cookies].reverse(), identityCookie: null });
        expect(a).toBe(b);
      }),
    );
  });

  it('a different cookie value or Authorization is a different identity', () => {
    fc.assert(
      fc.property(fc.uniqueArray(cookie, { selector: (c) => c.name, minLength: 1, maxLength: 6 }), fc.nat(5), (cookies, index) => {
        const i = index % cookies.length;
        const changed = cookies.map((c, j) => (j === i ? { ...c, value: `${c.value}x` } : c));
        expect(identityMaterial({ authorization: null, cookies, identityCookie: null })).not.toBe(identityMaterial({ authorization: null, cookies: changed, identityCookie: null }));
        expect(identityMaterial({ authorization: 'Bearer a', cookies, identityCookie: null })).not.toBe(identityMaterial({ authorization: 'Bearer b', cookies, identityCookie: null }));
      }),
    );
  });

  it('with a named identity cookie, other cookies do not split the partition', () => {
    const base = { authorization: null, identityCookie: 'sid' };
    const a = identityMaterial({ ...base, cookies: [{ name: 'sid', value: '1' }, { name: 'theme', value: 'dark' }] });
    const b = identityMaterial({ ...base, cookies: [{ name: 'theme', value: 'light' }, { name: 'sid', value: '1' }] });
    expect(a).toBe(b);
    expect(isAnonymous({ ...base, cookies: [{ name: 'theme', value: 'x' }] })).toBe(true);
    expect(isAnonymous({ ...base, cookies: [{ name: 'sid', value: 'x' }] })).toBe(false);
  });

  it('entries stored for one identity are never found by another (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 2, maxLength: 5 }), fc.array(fc.tuple(fc.nat(4), fc.constantFrom('GET /a', 'GET /b')), { maxLength: 20 }), (sessions, puts) => {
        const policy = new CachePolicy();
        const namespaces = sessions.map((sid) => partitionNamespace('http://app.test', hashString(identityMaterial({ authorization: null, cookies: [{ name: 'sid', value: sid }], identityCookie: null }))));
        expect(new Set(namespaces).size).toBe(sessions.length);
        for (const [who, key] of puts) policy.put({ namespace: namespaces[who % sessions.length]!, key, rawBytes: 1, storedBytes: 1, compressed: false, ttlMs: 1000 }, 0);
        for (let who = 0; who < sessions.length; who++) {
          for (const key of ['GET /a', 'GET /b']) {
            const found = policy.lookup(namespaces[who]!, key, 1);
            const stored = puts.some(([w, k]) => w % sessions.length === who && k === key);
            expect(found.state !== 'miss').toBe(stored);
          }
        }
      }),
    );
  });

  it('a namespace names its origin, and bad parts are refused', () => {
    const ns = partitionNamespace('HTTP://App.test:8080', 'a'.repeat(32));
    expect(partitionOrigin(ns)).toBe('http://app.test:8080');
    expect(() => partitionNamespace('app.test', 'a'.repeat(32))).toThrow(/origin/);
    expect(() => partitionNamespace('http://app.test', 'xyz')).toThrow(/identityHash/);
  });
});
