import { describe, expect, it } from 'vitest';
import { MAX_HINTS_PER_BATCH, parsePageRequestHint, parsePageRequestHints, PAGE_SOURCE } from '../../src/shared/page-protocol';

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

describe('parsePageRequestHints', () => {
  const batch = { source: PAGE_SOURCE, v: 1, type: 'requests', hints: [['http://localhost/a', 'GET'], ['http://localhost/b', 'POST']] };

  it('accepts a batch', () =>
    expect(parsePageRequestHints(batch)).toEqual({
      hints: [
        { source: PAGE_SOURCE, v: 1, type: 'request', url: 'http://localhost/a', method: 'GET' },
        { source: PAGE_SOURCE, v: 1, type: 'request', url: 'http://localhost/b', method: 'POST' },
      ],
      invalid: 0,
    }));
  it('drops and counts the invalid pairs only', () =>
    expect(parsePageRequestHints({ ...batch, hints: [['http://localhost/a', 'STEAL'], ['', 'GET'], 'x', ['http://localhost/c', 'PUT', 1], ['http://localhost/d', 'DELETE']] })).toEqual({
      hints: [{ source: PAGE_SOURCE, v: 1, type: 'request', url: 'http://localhost/d', method: 'DELETE' }],
      invalid: 4,
    }));
  it.each([
    ['an empty batch', { ...batch, hints: [] }],
    ['a batch over the limit', { ...batch, hints: Array.from({ length: MAX_HINTS_PER_BATCH + 1 }, () => ['http://localhost/a', 'GET']) }],
    ['an extra key', { ...batch, extra: 1 }],
    ['a single hint', valid],
    ['hints that are not a list', { ...batch, hints: 'GET' }],
  ])('rejects %s', (_, input) => expect(parsePageRequestHints(input)).toBeNull());
});
