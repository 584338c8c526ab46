import { describe, expect, it } from 'vitest';
import { contentVisibility } from '../../../../src/core/optimizer/strategies/content-visibility/decide';
import { input, inputOn, LOW_END } from '../fixtures';

const frames = (renderMs: number, count = 5) => ({ count, totalMs: renderMs * 2, blockingMs: renderMs, renderMs, styleAndLayoutMs: renderMs, worstMs: 200 });

describe('content-visibility', () => {
  it('applies to a large DOM with heavy rendering', () => {
    const assessment = contentVisibility.assess(input({ domNodes: 5400, longFrames: frames(1200) }));
    expect(assessment).toMatchObject({ applies: true, impact: 'high' });
    expect(assessment.reason).toBe('5,400 DOM nodes and 1.2 s of rendering in long frames per load; skipping the rendering of offscreen lists and sections cuts that work');
  });

  it('does not apply to a small DOM that renders quickly', () => {
    const assessment = contentVisibility.assess(input({ domNodes: 600, longFrames: frames(20) }));
    expect(assessment).toMatchObject({ applies: false });
    expect(assessment.reason).toMatch(/The DOM is small \(600 nodes\)/);
  });

  it('applies to a mid-sized DOM on a low-end device', () => {
    const mid = { domNodes: 1000, longFrames: frames(0, 0) };
    expect(contentVisibility.assess(input(mid)).applies).toBe(false);
    const assessment = contentVisibility.assess(inputOn(LOW_END, mid));
    expect(assessment.applies).toBe(true);
    expect(assessment.reason).toMatch(/on a 4-core device with 2 GB of memory/);
  });

  it('looks for shorter sections on a low-end device', () => {
    expect(contentVisibility.params(input())).toEqual({ minChildren: 20, minHeightPx: 1500, marginPx: 200 });
    expect(contentVisibility.params(inputOn(LOW_END))).toEqual({ minChildren: 10, minHeightPx: 1000, marginPx: 200 });
  });

  it('says what is missing without DOM size or frames', () => {
    expect(contentVisibility.assess(input()).reason).toMatch(/No DOM size or long frames/);
  });
});
