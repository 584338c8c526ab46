/**
 * How the Sessions and Compare sections write values, differences, dates and sessions: units
 * on every value, a true minus sign, "n/a" where a side has no value, local dates.
 */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../../src/core/model';
import { difference, type Difference } from '../../../../src/core/sessions/compare';
import { changeClass, formatAbsolute, formatDateTime, formatPercent, formatValue, originLabel, sessionLabel } from '../../../../src/panel/sessions/format';

const diff = (absolute: number | null, percent: number | null = null): Difference => ({ a: 1, b: 1, absolute, percent });

function session(patch: Partial<Session> = {}): Session {
  return {
    id: 's1',
    tabId: 3,
    name: 'Users list',
    url: 'https://admin.example.test/users',
    title: 'Users',
    startTime: new Date(2025, 2, 3, 9, 0).getTime(),
    endTime: null,
    origin: 'captured',
    counts: { views: 1, samples: 2, requests: 3, alerts: 0 },
    bytes: 1000,
    ...patch,
  };
}

describe('formatValue', () => {
  it('writes ms with one decimal under 100 ms, whole ms to 10 s, then seconds', () => {
    expect(formatValue(12.34, 'ms')).toBe('12.3 ms');
    expect(formatValue(0, 'ms')).toBe('0.0 ms');
    expect(formatValue(1234.6, 'ms')).toBe('1,235 ms');
    expect(formatValue(12_345, 'ms')).toBe('12.3 s');
    expect(formatValue(3_600_000, 'ms')).toBe('3600.0 s');
  });

  it('writes bytes in B, KiB, MiB and GiB (1024 steps)', () => {
    expect(formatValue(0, 'bytes')).toBe('0 B');
    expect(formatValue(1023, 'bytes')).toBe('1023 B');
    expect(formatValue(1024, 'bytes')).toBe('1.0 KiB');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(5 * 1024 * 1024, 'bytes')).toBe('5.0 MiB');
    expect(formatValue(3.5 * 1024 ** 3, 'bytes')).toBe('3.50 GiB');
    expect(formatValue(2 * 1024 ** 5, 'bytes')).toBe('2097152.00 GiB');
  });

  it('writes counts whole with grouping, and scores (CLS) with three decimals', () => {
    expect(formatValue(1234567, 'count')).toBe('1,234,567');
    expect(formatValue(2.6, 'count')).toBe('3');
    expect(formatValue(0.1, 'score')).toBe('0.100');
    expect(formatValue(0.12345, 'score')).toBe('0.123');
  });

  it('writes n/a for a missing or non-finite value, whatever the unit', () => {
    for (const unit of ['ms', 'bytes', 'count', 'score'] as const) {
      expect(formatValue(null, unit)).toBe('n/a');
      expect(formatValue(Number.NaN, unit)).toBe('n/a');
      expect(formatValue(Number.POSITIVE_INFINITY, unit)).toBe('n/a');
    }
  });
});

describe('formatAbsolute', () => {
  it('signs a difference with + or a true minus (U+2212) and keeps the unit', () => {
    expect(formatAbsolute(diff(123), 'ms')).toBe('+123 ms');
    expect(formatAbsolute(diff(-1228.8), 'bytes')).toBe('−1.2 KiB');
    expect(formatAbsolute(diff(-4), 'count')).toBe('−4');
    expect(formatAbsolute(diff(0.05), 'score')).toBe('+0.050');
    expect(formatAbsolute(diff(-15_000), 'ms')).toBe('−15.0 s');
    expect(formatAbsolute(diff(-1), 'ms').startsWith('\u2212')).toBe(true);
  });

  it('writes no change as ± zero in the unit', () => {
    expect(formatAbsolute(diff(0), 'ms')).toBe('±0.0 ms');
    expect(formatAbsolute(diff(0), 'bytes')).toBe('±0 B');
    expect(formatAbsolute(diff(0), 'count')).toBe('±0');
    expect(formatAbsolute(diff(0), 'score')).toBe('±0.000');
    expect(formatAbsolute(diff(-0), 'ms')).toBe('±0.0 ms');
  });

  it('writes n/a when a side has no value', () => {
    expect(formatAbsolute(difference(null, 5), 'ms')).toBe('n/a');
    expect(formatAbsolute(difference(5, null), 'bytes')).toBe('n/a');
  });

  it('agrees with the core difference of two sessions’ values', () => {
    expect(formatAbsolute(difference(2048, 1024), 'bytes')).toBe('−1.0 KiB');
    expect(formatAbsolute(difference(100, 350), 'ms')).toBe('+250 ms');
  });
});

describe('formatPercent', () => {
  it('writes a signed percentage with one decimal', () => {
    expect(formatPercent(diff(1, 12.34))).toBe('+12.3 %');
    expect(formatPercent(diff(-1, -4))).toBe('−4.0 %');
    expect(formatPercent(diff(1, 250))).toBe('+250.0 %');
    expect(formatPercent(diff(0, 0))).toBe('±0.0 %');
  });

  it('writes n/a without a value or from a baseline of 0', () => {
    expect(formatPercent(difference(0, 10))).toBe('n/a');
    expect(formatPercent(difference(null, 10))).toBe('n/a');
    expect(formatPercent(diff(1, Number.POSITIVE_INFINITY))).toBe('n/a');
    expect(formatPercent(diff(1, Number.NaN))).toBe('n/a');
    // From the core: (150 − 200) / 200 = −25 %.
    expect(formatPercent(difference(200, 150))).toBe('−25.0 %');
  });
});

describe('changeClass', () => {
  it('marks growth worse and shrinkage better (every compared metric is better lower)', () => {
    expect(changeClass(difference(100, 150))).toBe('worse');
    expect(changeClass(difference(150, 100))).toBe('better');
  });

  it('marks nothing for no change or no value', () => {
    expect(changeClass(difference(100, 100))).toBe('');
    expect(changeClass(difference(null, 100))).toBe('');
  });
});

describe('formatDateTime', () => {
  it('writes a local date and time to the minute, zero-padded', () => {
    expect(formatDateTime(new Date(2025, 2, 3, 9, 0, 59).getTime())).toBe('2025-03-03 09:00');
    expect(formatDateTime(new Date(1999, 11, 31, 23, 59).getTime())).toBe('1999-12-31 23:59');
  });

  it('writes "unknown" for a time that is no date', () => {
    expect(formatDateTime(Number.NaN)).toBe('unknown');
    expect(formatDateTime(8.64e15 + 1)).toBe('unknown');
  });
});

describe('originLabel and sessionLabel', () => {
  it('names where a session came from', () => {
    expect(originLabel(session({ origin: 'captured' }))).toBe('captured');
    expect(originLabel(session({ origin: 'imported-json' }))).toBe('imported JSON');
    expect(originLabel(session({ origin: 'imported-har' }))).toBe('imported HAR');
  });

  it('describes a session in one line: name, origin and local start', () => {
    expect(sessionLabel(session())).toBe('Users list (captured, 2025-03-03 09:00)');
    expect(sessionLabel(session({ name: 'Orders, "slow" (v2)', origin: 'imported-har' }))).toBe('Orders, "slow" (v2) (imported HAR, 2025-03-03 09:00)');
    expect(sessionLabel(session({ origin: 'imported-json', startTime: Number.NaN }))).toBe('Users list (imported JSON, unknown)');
  });
});
