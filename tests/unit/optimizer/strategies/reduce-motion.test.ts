import { describe, expect, it } from 'vitest';
import { reduceMotion } from '../../../../src/core/optimizer/strategies/reduce-motion/decide';
import { input, inputOn, LOW_END, REDUCED_MOTION } from '../fixtures';

const frames = (count: number) => ({ count, totalMs: count * 100, blockingMs: 0, renderMs: 0, styleAndLayoutMs: 0, worstMs: 100 });

describe('reduce-motion', () => {
  it('is offered automatically when the OS asks for reduced motion', () => {
    const assessment = reduceMotion.assess(inputOn(REDUCED_MOTION, { dom: { runningAnimations: 3 } }));
    expect(assessment).toEqual({ applies: true, reason: 'Your system asks for reduced motion, yet 3 animations run on this page', impact: 'medium', auto: true });
  });

  it('is offered when the OS asks even before animations were counted', () => {
    expect(reduceMotion.assess(inputOn(REDUCED_MOTION))).toMatchObject({ applies: true, auto: true, reason: 'Your system asks for reduced motion' });
  });

  it('applies to animations on a low-end device', () => {
    const assessment = reduceMotion.assess(inputOn(LOW_END, { dom: { runningAnimations: 5 }, longFrames: frames(1) }));
    expect(assessment).toMatchObject({ applies: true, auto: false });
    expect(assessment.reason).toBe('5 animations run on a 4-core device with 2 GB of memory with 1 long frame per load; turning motion off frees the main thread');
  });

  it('does not apply when a fast device keeps up', () => {
    const assessment = reduceMotion.assess(input({ dom: { runningAnimations: 5 }, longFrames: frames(0) }));
    expect(assessment).toEqual({ applies: false, reason: '5 animations run, but this device keeps up with them (few long frames)' });
  });

  it('does not apply when nothing animates, or when animations were not counted', () => {
    expect(reduceMotion.assess(inputOn(LOW_END, { dom: { runningAnimations: 0 } })).reason).toBe('Nothing on this page animates');
    expect(reduceMotion.assess(inputOn(LOW_END)).reason).toMatch(/not counted/);
  });
});
