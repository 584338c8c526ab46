import { describe, expect, it } from 'vitest';
import { mutatedResource, resourceInvalidations, resourceTags } from '../../../src/core/cache/invalidation';
import { CachePolicy } from '../../../src/core/cache/policy';

function invalidated(mutation: string, cached: string[]): string[] {
  const policy = new CachePolicy();
  for (const url of cached) policy.put({ namespace: 'ns', key: url, rawBytes: 1, storedBytes: 1, compressed: false, ttlMs: 1000, tags: resourceTags(url) }, 0);
  return resourceInvalidations(mutation).flatMap((tag) => policy.invalidateTag('ns', tag).map((entry) => entry.key)).sort();
}

describe('resource invalidation', () => {
  const cached = ['http://a.test/api/users?page=1', 'http://a.test/api/users/5', 'http://a.test/api/users/7', 'http://a.test/api/users/5/roles', 'http://a.test/api/roles', 'http://a.test/api'];

  it('a change to one item invalidates its collection and everything below it, not other collections', () => {
    expect(invalidated('http://a.test/api/users/5', cached)).toEqual(['http://a.test/api', 'http://a.test/api/users/5', 'http://a.test/api/users/5/roles', 'http://a.test/api/users/7', 'http://a.test/api/users?page=1']);
  });

  it('a change to a sub-resource invalidates it and the entries at each ancestor, not siblings', () => {
    expect(invalidated('http://a.test/api/users/5/roles', cached)).toEqual(['http://a.test/api', 'http://a.test/api/users/5', 'http://a.test/api/users/5/roles', 'http://a.test/api/users?page=1']);
  });

  it('names the collection it changes', () => {
    expect(mutatedResource('http://a.test/api/users/5?x=1')).toBe('/api/users');
    expect(mutatedResource('http://a.test/api/orders/3f9a8b7c1d/items/2')).toBe('/api/orders/3f9a8b7c1d/items');
  });
});
