import { describe, expect, it } from 'vitest';
import { asyncImageDecoding } from '../../../../src/core/optimizer/strategies/async-image-decoding/decide';
import { input, inputOn, LOW_END } from '../fixtures';

const images = (count: number) => ({ html: { count, bytes: count * 50_000 }, script: { count: 0, bytes: 0 }, unknown: { count: 0, bytes: 0 } });
const frames = (count: number) => ({ count, totalMs: count * 100, blockingMs: count * 50, renderMs: 0, styleAndLayoutMs: 0, worstMs: 100 });

describe('async-image-decoding', () => {
  it('applies to many images with long frames', () => {
    const assessment = asyncImageDecoding.assess(input({ imageRequests: images(40), longFrames: frames(6) }));
    expect(assessment).toMatchObject({ applies: true, impact: 'low' });
    expect(assessment.reason).toBe('40 images per load and 6 long frames; decoding them off the main thread keeps frames short');
  });

  it('does not apply to a few images', () => {
    const assessment = asyncImageDecoding.assess(input({ imageRequests: images(4), longFrames: frames(6) }));
    expect(assessment).toEqual({ applies: false, reason: 'Only 4 images per load: decoding them is cheap' });
  });

  it('does not apply without long frames on a fast device', () => {
    expect(asyncImageDecoding.assess(input({ imageRequests: images(40), longFrames: frames(0) })).reason).toMatch(/no long frames/);
  });

  it('applies on a low-end device even without long frames', () => {
    const assessment = asyncImageDecoding.assess(inputOn(LOW_END, { imageRequests: images(8), longFrames: frames(0) }));
    expect(assessment).toMatchObject({ applies: true, impact: 'medium' });
    expect(assessment.reason).toMatch(/on a 4-core device/);
  });

  it('does not apply without images', () => {
    expect(asyncImageDecoding.assess(input()).reason).toBe('No images were loaded on this page');
  });
});
