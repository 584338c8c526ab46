import { describe, expect, it } from 'vitest';
import { prefetchNextPages } from '../../../../src/core/optimizer/strategies/prefetch-next-pages/decide';
import { input, inputOn, LOW_END, SAVE_DATA, SLOW_2G } from '../fixtures';

const navigation = {
  hardNext: 4,
  softNext: 0,
  likelyNext: [
    { url: 'https://admin.example.com/users/42', count: 3 },
    { url: 'https://admin.example.com/orders', count: 1 },
  ],
};

describe('prefetch-next-pages', () => {
  it('applies when the user opens other pages of the app with full loads', () => {
    const assessment = prefetchNextPages.assess(input({ navigation }));
    expect(assessment).toMatchObject({ applies: true, impact: 'medium' });
    expect(assessment.reason).toBe(
      'You opened 4 other pages of this app from here with a full page load (most often /users/42); prefetching the next one on hover makes it open sooner',
    );
  });

  it('passes the likely next pages for idle prefetching', () => {
    expect(prefetchNextPages.params(input({ navigation })).likelyUrls).toEqual(['https://admin.example.com/users/42', 'https://admin.example.com/orders']);
  });

  it('does not apply with Save-Data or on 2g', () => {
    expect(prefetchNextPages.assess(inputOn(SAVE_DATA, { navigation }))).toEqual({
      applies: false,
      reason: 'Save-Data is on: prefetching would spend data on pages you may not open',
    });
    expect(prefetchNextPages.assess(inputOn(SLOW_2G, { navigation })).reason).toBe('The connection is 2g: prefetching would spend data on pages you may not open');
  });

  it('still applies on a low-end device with enough memory', () => {
    expect(prefetchNextPages.assess(inputOn(LOW_END, { navigation })).applies).toBe(true);
    expect(prefetchNextPages.assess(inputOn({ deviceMemory: 0.5 }, { navigation })).applies).toBe(false);
  });

  it('does not apply to SPA route changes or without navigation', () => {
    expect(prefetchNextPages.assess(input({ navigation: { hardNext: 0, softNext: 5, likelyNext: [] } })).reason).toMatch(/in-app route changes/);
    expect(prefetchNextPages.assess(input()).reason).toBe('No navigation away from this page was captured yet');
  });
});
