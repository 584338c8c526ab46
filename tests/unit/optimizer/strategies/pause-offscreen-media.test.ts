import { describe, expect, it } from 'vitest';
import { pauseOffscreenMedia } from '../../../../src/core/optimizer/strategies/pause-offscreen-media/decide';
import { input, inputOn, LOW_END, SAVE_DATA } from '../fixtures';

describe('pause-offscreen-media', () => {
  it('applies to videos and animations', () => {
    const assessment = pauseOffscreenMedia.assess(input({ dom: { videos: 2, runningAnimations: 4 } }));
    expect(assessment).toEqual({
      applies: true,
      reason: '2 videos and 4 running animations; pausing them while out of view saves CPU',
      impact: 'low',
      auto: false,
    });
  });

  it('applies to media seen only in requests, and saves data under Save-Data', () => {
    const assessment = pauseOffscreenMedia.assess(inputOn(SAVE_DATA, { mediaRequests: { count: 3, bytes: 4_000_000 } }));
    expect(assessment).toMatchObject({ applies: true, impact: 'medium' });
    expect(assessment.reason).toBe('3.8 MiB of media per load; pausing them while out of view saves CPU and data');
  });

  it('rates higher on a low-end device', () => {
    expect(pauseOffscreenMedia.assess(inputOn(LOW_END, { dom: { videos: 1 } }))).toMatchObject({ applies: true, impact: 'medium' });
  });

  it('does not apply without media or animations', () => {
    expect(pauseOffscreenMedia.assess(input({ dom: { videos: 0, runningAnimations: 0 } }))).toEqual({
      applies: false,
      reason: 'No videos or running animations were seen on this page',
    });
  });
});
