/**
 * Numbers of the Simulate view: plain en-US numbers (the unit is in the header), a dash for
 * values that crossed the port as null (NaN, Infinity), wall-clock times, money and changes.
 */
import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatMoney,
  formatMsValue,
  formatNumber,
  formatPercentValue,
  formatRate,
  formatSeconds,
  formatWall,
  splitEndpoint,
} from '../../../../src/panel/simulate/format';

const DASH = '–';

describe('the number formatters', () => {
  it('show a dash for null, undefined, NaN and ±Infinity, whichever formatter', () => {
    for (const format of [formatNumber, formatMsValue, formatPercentValue, formatRate, formatSeconds, formatMoney]) {
      for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(format(value), `${format.name}(${value})`).toBe(DASH);
    }
  });

  it('formatNumber: en-US grouping, at most the digits asked, no trailing zeros', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,568');
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatNumber(2.5, 3)).toBe('2.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-1500)).toBe('-1,500');
  });

  it('formatMsValue: one decimal under 100 ms, whole above (negative values by their size)', () => {
    expect(formatMsValue(12.345)).toBe('12.3');
    expect(formatMsValue(99.94)).toBe('99.9');
    expect(formatMsValue(100.4)).toBe('100');
    expect(formatMsValue(123_456.7)).toBe('123,457');
    expect(formatMsValue(-12.34)).toBe('-12.3');
    expect(formatMsValue(-250.4)).toBe('-250');
  });

  it('formatPercentValue: a 0–1 fraction as a percentage number', () => {
    expect(formatPercentValue(0.9734)).toBe('97.3');
    expect(formatPercentValue(1)).toBe('100');
    expect(formatPercentValue(0.12345, 2)).toBe('12.35');
    expect(formatPercentValue(0)).toBe('0');
  });

  it('formatRate: two decimals under 10 requests/s, one above', () => {
    expect(formatRate(0.456)).toBe('0.46');
    expect(formatRate(9.999)).toBe('10');
    expect(formatRate(12.34)).toBe('12.3');
    expect(formatRate(15_000.04)).toBe('15,000');
  });

  it('formatSeconds: ms as seconds, one decimal under 10 s', () => {
    expect(formatSeconds(1234)).toBe('1.2');
    expect(formatSeconds(0)).toBe('0');
    expect(formatSeconds(12_345)).toBe('12');
    expect(formatSeconds(3_600_000)).toBe('3,600');
  });

  it('formatMoney: four decimals under 1, two above', () => {
    expect(formatMoney(0.012345)).toBe('0.0123');
    expect(formatMoney(1234.567)).toBe('1,234.57');
    expect(formatMoney(1234.5)).toBe('1,234.5');
  });
});

describe('formatWall', () => {
  it('writes ms, then seconds with one decimal, then minutes and seconds', () => {
    expect(formatWall(0)).toBe('0 ms');
    expect(formatWall(849.6)).toBe('850 ms');
    expect(formatWall(1000)).toBe('1.0 s');
    expect(formatWall(12_345)).toBe('12.3 s');
    expect(formatWall(60_000)).toBe('1 min 0 s');
    expect(formatWall(125_000)).toBe('2 min 5 s');
    expect(formatWall(3_600_000)).toBe('60 min 0 s');
  });
});

describe('formatChange', () => {
  it('writes a signed change in percent, with a true minus sign', () => {
    expect(formatChange(1.12)).toBe('+12 %');
    expect(formatChange(0.7)).toBe('−30 %');
    expect(formatChange(1.054)).toBe('+5.4 %');
    expect(formatChange(0.95)).toBe('−5 %');
    expect(formatChange(3)).toBe('+200 %');
  });

  it('calls a change under half a percent no change', () => {
    expect(formatChange(1)).toBe('±0 %');
    expect(formatChange(1.004)).toBe('±0 %');
    expect(formatChange(0.996)).toBe('±0 %');
    expect(formatChange(1.006)).toBe('+0.6 %');
  });

  it('is null without a ratio (a base of 0 gives NaN, a JSON trip gives null)', () => {
    expect(formatChange(Number.NaN)).toBeNull();
    expect(formatChange(null)).toBeNull();
    expect(formatChange(undefined)).toBeNull();
    expect(formatChange(Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('splitEndpoint', () => {
  it('splits the method from the route template', () => {
    expect(splitEndpoint('GET /api/users/:id')).toEqual({ method: 'GET', template: '/api/users/:id' });
    expect(splitEndpoint('DELETE /api/a b')).toEqual({ method: 'DELETE', template: '/api/a b' });
  });

  it('has no method for a name that does not start with an upper-case method and a space', () => {
    expect(splitEndpoint('/api/users')).toEqual({ method: '', template: '/api/users' });
    expect(splitEndpoint('get /api/users')).toEqual({ method: '', template: 'get /api/users' });
    expect(splitEndpoint('')).toEqual({ method: '', template: '' });
  });
});
