import { describe, expect, it } from 'vitest';
import { formatVital, rateVital, VITAL_THRESHOLDS } from '../../src/core/metrics/ratings';
import { formatBytes, formatMs } from '../../src/core/metrics/format';

describe('vital ratings', () => {
  it('uses the web.dev thresholds, inclusive at the good and poor bounds', () => {
    expect(VITAL_THRESHOLDS.LCP).toEqual([2500, 4000]);
    expect(rateVital('LCP', 2500)).toBe('good');
    expect(rateVital('LCP', 2501)).toBe('needs-improvement');
    expect(rateVital('LCP', 4000)).toBe('needs-improvement');
    expect(rateVital('LCP', 4001)).toBe('poor');
    expect(rateVital('INP', 200)).toBe('good');
    expect(rateVital('INP', 501)).toBe('poor');
    expect(rateVital('CLS', 0.1)).toBe('good');
    expect(rateVital('CLS', 0.26)).toBe('poor');
    expect(rateVital('FCP', 1900)).toBe('needs-improvement');
    expect(rateVital('TTFB', 1801)).toBe('poor');
  });
  it('formats values with units', () => {
    expect(formatVital('LCP', 1234.4)).toBe('1,234 ms');
    expect(formatVital('CLS', 0.12345)).toBe('0.123');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(null)).toBe('n/a');
    expect(formatBytes(300, 'short')).toBe('300 B');
    expect(formatBytes(2048, 'short')).toBe('2 KiB');
    expect(formatBytes(1.25 * 1024 * 1024, 'short')).toBe('1.3 MiB');
    expect(formatBytes(12.4 * 1024 * 1024, 'short')).toBe('12 MiB');
    expect(formatMs(12_345)).toBe('12.3 s');
  });
});
