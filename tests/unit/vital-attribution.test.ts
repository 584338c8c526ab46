import { describe, expect, it } from 'vitest';
import {
  fcpBreakdown,
  inpBreakdown,
  largestShiftIndex,
  lcpBreakdown,
  loadStateAt,
  ttfbBreakdown,
  type AnimationFrameLike,
  type EventTimingLike,
  type NavigationTimingLike,
} from '../../src/core/capture/vital-attribution';

const nav: NavigationTimingLike = {
  activationStart: 0,
  workerStart: 0,
  fetchStart: 2,
  domainLookupStart: 5,
  connectStart: 9,
  connectEnd: 20,
  responseStart: 120,
  domInteractive: 400,
  domContentLoadedEventStart: 450,
  domComplete: 900,
};
const ev = (name: string, startTime: number, duration: number, processingStart: number, processingEnd: number): EventTimingLike => ({ name, startTime, duration, processingStart, processingEnd });
const sum = (a: Record<string, unknown>, keys: string[]) => keys.reduce((s, k) => s + (a[k] as number), 0);

describe('vital attribution', () => {
  it('splits LCP into TTFB, load delay, load duration and render delay that add up to the value', () => {
    const a = lcpBreakdown(1500, nav, { startTime: 300, requestStart: 350, responseEnd: 1100 });
    expect(a).toEqual({ timeToFirstByte: 120, resourceLoadDelay: 230, resourceLoadDuration: 750, elementRenderDelay: 400 });
    // A text LCP (no resource): everything after the first byte is render delay.
    expect(lcpBreakdown(800, nav, null)).toEqual({ timeToFirstByte: 120, resourceLoadDelay: 0, resourceLoadDuration: 0, elementRenderDelay: 680 });
    // A resource that ended after the paint time is clamped to the value.
    const late = lcpBreakdown(1000, nav, { startTime: 200, requestStart: 0, responseEnd: 5000 });
    expect(late.resourceLoadDelay).toBe(80);
    expect(sum(late, ['timeToFirstByte', 'resourceLoadDelay', 'resourceLoadDuration', 'elementRenderDelay'])).toBe(1000);
    expect(lcpBreakdown(700, null, null).elementRenderDelay).toBe(700);
  });

  it('splits TTFB into waiting, cache, DNS, connection and request durations that add up to the value', () => {
    const a = ttfbBreakdown(120, nav);
    expect(a).toEqual({ waitingDuration: 2, cacheDuration: 3, dnsDuration: 4, connectionDuration: 11, requestDuration: 100 });
    expect(sum(a, ['waitingDuration', 'cacheDuration', 'dnsDuration', 'connectionDuration', 'requestDuration'])).toBe(120);
    // A prerendered page: times count from activation, never below zero.
    expect(ttfbBreakdown(0, { ...nav, activationStart: 1000 }).waitingDuration).toBe(0);
  });

  it('splits FCP at the first byte', () => {
    expect(fcpBreakdown(600, nav)).toEqual({ timeToFirstByte: 120, firstByteToFCP: 480 });
    expect(fcpBreakdown(600, null)).toEqual({ timeToFirstByte: 0, firstByteToFCP: 600 });
  });

  it('names the load state at a time from the navigation timing', () => {
    expect(loadStateAt(100, nav, true)).toBe('loading');
    expect(loadStateAt(100, nav, false)).toBe('loading');
    expect(loadStateAt(420, nav, false)).toBe('dom-interactive');
    expect(loadStateAt(600, nav, false)).toBe('dom-content-loaded');
    expect(loadStateAt(900, nav, false)).toBe('complete');
    expect(loadStateAt(600, { ...nav, domComplete: 0 }, false)).toBe('dom-content-loaded');
    expect(loadStateAt(5, null, false)).toBe('complete');
  });

  it('finds the largest layout shift, the first of equals', () => {
    expect(largestShiftIndex([{ value: 0.01 }, { value: 0.2 }, { value: 0.2 }, { value: 0.05 }])).toBe(1);
    expect(largestShiftIndex([])).toBe(-1);
  });

  describe('INP', () => {
    // A click whose handler runs 215 ms: pointerdown, pointerup and click presented in one frame.
    const interaction = [ev('pointerdown', 1000, 248, 1003, 1003.7)];
    const frame = [ev('mousedown', 1000, 248, 1003.7, 1003.7), ev('pointerup', 1000.7, 248, 1004.4, 1004.5), ev('click', 1000.7, 248, 1004.5, 1219.2)];

    it('counts the processing of every event presented in the same frame, and the parts add up', () => {
      const a = inpBreakdown(interaction, [], frame);
      expect(a.interactionType).toBe('pointer');
      expect(a.interactionTime).toBe(1000);
      expect(a.nextPaintTime).toBe(1248);
      expect(a.inputDelay).toBeCloseTo(3, 6);
      expect(a.processingDuration).toBeCloseTo(216.2, 6);
      expect(a.presentationDelay).toBeCloseTo(28.8, 6);
      expect(sum(a, ['inputDelay', 'processingDuration', 'presentationDelay'])).toBeCloseTo(248, 6);
    });

    it('leaves out events presented in another frame', () => {
      const other = [ev('click', 2000, 300, 2001, 2290)];
      expect(inpBreakdown(interaction, [], other).processingDuration).toBeCloseTo(0.7, 6);
    });

    it('attributes the time to the overlapping long animation frames and names the longest script', () => {
      const frames: AnimationFrameLike[] = [
        { startTime: 100, duration: 80, styleAndLayoutStart: 170, scripts: [{ startTime: 110, duration: 60, sourceURL: 'http://x/old.js', invoker: 'old', forcedStyleAndLayoutDuration: 0 }] },
        {
          startTime: 990,
          duration: 258,
          styleAndLayoutStart: 1225,
          scripts: [
            { startTime: 992, duration: 9, sourceURL: 'http://x/early.js', invoker: 'TIMER', forcedStyleAndLayoutDuration: 0 },
            { startTime: 1004.5, duration: 214.7, sourceURL: 'http://x/app.js', invoker: 'BUTTON.onclick', forcedStyleAndLayoutDuration: 20 },
          ],
        },
      ];
      const a = inpBreakdown(interaction, frames, frame);
      expect(a.longAnimationFrames).toBe(1);
      expect(a.longestScriptURL).toBe('http://x/app.js');
      expect(a.longestScriptInvoker).toBe('BUTTON.onclick');
      expect(a.longestScriptSubpart).toBe('processing-duration');
      expect(a.longestScriptDuration).toBeCloseTo(214.7, 6);
      // early.js: 1 ms of it after the interaction began; app.js: 214.7 ms less its 20 ms of forced layout.
      expect(a.totalScriptDuration).toBeCloseTo(1 + 194.7, 6);
      expect(a.totalStyleAndLayoutDuration).toBeCloseTo(23 + 20, 6);
      expect(a.totalPaintDuration).toBe(0);
      expect(sum(a, ['totalScriptDuration', 'totalStyleAndLayoutDuration', 'totalPaintDuration', 'totalUnattributedDuration'])).toBeCloseTo(248, 6);
    });

    it('reports a keyboard interaction as such, and no entries as zeros', () => {
      expect(inpBreakdown([ev('keydown', 10, 40, 12, 30)], []).interactionType).toBe('keyboard');
      expect(inpBreakdown([], [])).toEqual({ inputDelay: 0, processingDuration: 0, presentationDelay: 0, longAnimationFrames: 0 });
    });
  });
});
