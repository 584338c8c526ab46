import { describe, expect, it } from 'vitest';
import { parsePageRequestHint, PAGE_SOURCE } from '../../src/shared/page-protocol';

const valid = { source: PAGE_SOURCE, v: 1, type: 'request', url: 'http://localhost/api/users', method: 'GET' };

describe('parsePageRequestHint', () => {
  it('accepts a well-formed hint', () => expect(parsePageRequestHint(valid)).toEqual(valid));
  it.each([
    ['a wrong url type', { ...valid, url: 42 }],
    ['an empty url', { ...valid, url: '' }],
    ['a huge url', { ...valid, url: 'x'.repeat(8193) }],
    ['an unknown method', { ...valid, method: 'STEAL' }],
    ['another protocol version', { ...valid, v: 2 }],
    ['an extra key', { ...valid, extra: 1 }],
    ['a missing key', { source: PAGE_SOURCE, v: 1, type: 'request', url: '/a' }],
    ['a class instance', Object.assign(Object.create({ polluted: true }), valid)],
    ['null', null],
    ['a string', 'request'],
  ])('rejects %s', (_, input) => expect(parsePageRequestHint(input)).toBeNull());
});
