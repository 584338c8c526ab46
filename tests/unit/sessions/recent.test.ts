/** rememberRecent: the same answers as the function, computed once per key while remembered, and bounded. */
import { describe, expect, it } from 'vitest';
import { rememberRecent } from '../../../src/core/sessions/recent';

describe('rememberRecent', () => {
  it('answers as the function does, computing each key once, falsy answers included', () => {
    const calls: string[] = [];
    const check = rememberRecent((key: string) => {
      calls.push(key);
      return key.startsWith('http') ? key.length : false;
    });
    expect([check('http://a'), check('x'), check('http://a'), check('x')]).toEqual([8, false, 8, false]);
    expect(calls).toEqual(['http://a', 'x']);
  });

  it('forgets everything once it holds `limit` keys, so it never grows past that', () => {
    const calls: string[] = [];
    const upper = rememberRecent((key: string) => (calls.push(key), key.toUpperCase()), 2);
    for (const key of ['a', 'b', 'c', 'a']) upper(key);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
    expect(upper('c')).toBe('C');
    expect(calls).toHaveLength(4);
  });
});
