import { describe, expect, it } from 'vitest';
import { browserSupport, describeUnmeasured, isMeasured, MEASUREMENTS, notMeasuredNote, supportOf, unmeasured, whyUnmeasured } from '../../../src/core/metrics/browser-support';

// PerformanceObserver.supportedEntryTypes in a content script: Firefox ESR 153's as read on this
// project's machines (shared TESTING notes); a Chromium list with every type the panel uses.
const FIREFOX = browserSupport(['event', 'first-input', 'largest-contentful-paint', 'mark', 'measure', 'navigation', 'paint', 'resource'], false);
const CHROMIUM = browserSupport(
  ['element', 'event', 'first-input', 'largest-contentful-paint', 'layout-shift', 'long-animation-frame', 'longtask', 'mark', 'measure', 'navigation', 'paint', 'resource', 'soft-navigation', 'visibility-state'],
  true,
);

describe('browser support', () => {
  it('Firefox measures LCP, INP, FCP and TTFB but not CLS, long frames or the heap', () => {
    expect(unmeasured(FIREFOX)).toEqual(['CLS', 'longFrames', 'heap']);
    for (const m of ['LCP', 'INP', 'FCP', 'TTFB'] as const) expect(isMeasured(FIREFOX, m)).toBe(true);
    expect(describeUnmeasured(FIREFOX)).toBe(
      'Not measured in this browser: CLS (no layout-shift entries), long animation frames (no long-animation-frame or longtask entries), JS heap (no performance.memory).',
    );
  });

  it('Chromium measures everything', () => {
    expect(unmeasured(CHROMIUM)).toEqual([]);
    expect(describeUnmeasured(CHROMIUM)).toBe('');
  });

  it('long frames count as measured with long tasks alone', () => {
    expect(isMeasured(browserSupport(['longtask'], true), 'longFrames')).toBe(true);
    expect(isMeasured(browserSupport(['long-animation-frame'], true), 'longFrames')).toBe(true);
  });

  it('treats data without a support record (older captures, imports) as measured', () => {
    expect(unmeasured(undefined)).toEqual([]);
    expect(unmeasured(null)).toEqual([]);
    for (const m of MEASUREMENTS) expect(isMeasured(undefined, m)).toBe(true);
  });

  it('sorts and deduplicates entry types', () => {
    expect(browserSupport(['paint', 'event', 'paint'], false)).toEqual({ entryTypes: ['event', 'paint'], memory: false });
  });
});

describe('supportOf and the panel notes', () => {
  it('prefers the session, then the latest hard view that says', () => {
    expect(supportOf({ support: CHROMIUM }, [{ support: FIREFOX }])).toBe(CHROMIUM);
    expect(supportOf({}, [{ support: CHROMIUM }, { support: FIREFOX }, {}])).toBe(FIREFOX);
    expect(supportOf(null, [{}, {}])).toBeUndefined();
  });

  it('says what is missing and why', () => {
    expect(notMeasuredNote('CLS')).toBe('CLS: not measured in this browser (no layout-shift entries).');
    expect(notMeasuredNote('longFrames')).toBe('Long animation frames: not measured in this browser (no long-animation-frame or longtask entries).');
    expect(whyUnmeasured('heap')).toBe('This browser exposes no performance.memory.');
  });
});
