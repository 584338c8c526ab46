import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateJsonSize } from '../../../src/core/capture/item-size';

const json = (v: unknown) => JSON.stringify(v)?.length ?? 0;
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

function hasEscapes(v: unknown): boolean {
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v);
  if (Array.isArray(v)) return v.some(hasEscapes);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, m]) => NEEDS_ESCAPE.test(k) || hasEscapes(m));
  return false;
}

function hasFractions(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.some(hasFractions);
  if (v && typeof v === 'object') return Object.values(v).some(hasFractions);
  return false;
}

describe('estimateJsonSize', () => {
  it('never counts less than the JSON when no string needs an escape', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        fc.pre(!hasEscapes(v));
        expect(estimateJsonSize(v)).toBeGreaterThanOrEqual(json(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('is exact for safe integers, strings, booleans, null, arrays and objects', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        fc.pre(!hasEscapes(v) && !hasFractions(v));
        expect(estimateJsonSize(v)).toBe(json(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls short only by escapes: at most six JSON characters per counted one', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(estimateJsonSize(v) * 6).toBeGreaterThanOrEqual(json(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts fractions at most 24 characters over, and leaves out what JSON leaves out', () => {
    expect(estimateJsonSize(-2.2250738585072014e-308)).toBeGreaterThanOrEqual(json(-2.2250738585072014e-308));
    expect(estimateJsonSize(0.1)).toBe(24);
    expect(estimateJsonSize({ a: undefined, b: () => 1, c: 1 })).toBe(json({ a: undefined, b: () => 1, c: 1 }));
    expect(estimateJsonSize([undefined, NaN, Infinity])).toBe(json([undefined, NaN, Infinity]));
    expect(estimateJsonSize({ d: new Date(0) })).toBe(json({ d: new Date(0) }));
  });

  it('bounds a maximal long-frame item within 5 % above its JSON', () => {
    const script = { sourceURL: 'u'.repeat(8192), invoker: 'i'.repeat(2048), invokerType: 't'.repeat(64), duration: 12.345678, forcedStyleAndLayoutDuration: 0.5 };
    const item = { kind: 'loaf', t: 1764590000000.25, viewId: 'v'.repeat(18), source: 'long-animation-frame', duration: 83.2, blockingDuration: 33.2, renderStart: 70.1, styleAndLayoutStart: null, scripts: Array.from({ length: 64 }, () => script) };
    const estimate = estimateJsonSize(item);
    expect(estimate).toBeGreaterThanOrEqual(json(item));
    expect(estimate).toBeLessThan(json(item) * 1.05);
  });
});
