import { describe, expect, it } from 'vitest';
import { lazyLoadImages } from '../../../../src/core/optimizer/strategies/lazy-load-images/decide';
import { input, inputOn, SAVE_DATA, SLOW_2G } from '../fixtures';

const scriptImages = (count: number, bytes: number) => ({
  html: { count: 0, bytes: 0 },
  script: { count, bytes },
  unknown: { count: 0, bytes: 0 },
});

describe('lazy-load-images', () => {
  it('applies to many images inserted by script, saying how many and how heavy', () => {
    const assessment = lazyLoadImages.assess(input({ imageRequests: scriptImages(23, 1_200_000) }));
    expect(assessment).toMatchObject({ applies: true, impact: 'high', auto: false });
    expect(assessment.reason).toBe('23 images inserted by script after the first render (1.1 MiB); lazy-loading defers the ones below the fold');
  });

  it('does not apply when the images come with the initial HTML, and says why', () => {
    const assessment = lazyLoadImages.assess(
      input({ imageRequests: { html: { count: 12, bytes: 800_000 }, script: { count: 0, bytes: 0 }, unknown: { count: 0, bytes: 0 } } }),
    );
    expect(assessment.applies).toBe(false);
    expect(assessment.reason).toMatch(/12 images \(781 KiB\) come with the page's HTML.*save nothing/);
  });

  it('does not apply to a couple of small script images on a fast connection', () => {
    const assessment = lazyLoadImages.assess(input({ imageRequests: scriptImages(2, 30_000) }));
    expect(assessment).toMatchObject({ applies: false });
    expect(assessment.reason).toMatch(/too few/);
  });

  it('applies to the same couple of images when Save-Data is on', () => {
    const assessment = lazyLoadImages.assess(inputOn(SAVE_DATA, { imageRequests: scriptImages(2, 30_000) }));
    expect(assessment).toMatchObject({ applies: true, impact: 'medium' });
    expect(assessment.reason).toMatch(/Save-Data is on, so every deferred byte counts/);
  });

  it('applies to them on a 2g connection', () => {
    const assessment = lazyLoadImages.assess(inputOn(SLOW_2G, { imageRequests: scriptImages(2, 30_000) }));
    expect(assessment.applies).toBe(true);
    expect(assessment.reason).toMatch(/the connection is 2g/);
  });

  it('says what is missing before any load was captured', () => {
    expect(lazyLoadImages.assess(input({ loads: 0 })).reason).toMatch(/No load of this page was captured/);
  });

  it('passes the LCP element to the applier so it is never deferred', () => {
    const params = lazyLoadImages.params(
      input({ lcp: { value: 3000, selector: 'img.hero', url: 'https://cdn.example.com/hero.jpg', urlStable: true, resourceLoadDelay: 0, resourceLoadDuration: 0, requestStart: 0 } }),
    );
    expect(params).toEqual({ lcpSelector: 'img.hero', lcpUrl: 'https://cdn.example.com/hero.jpg', iframes: true });
  });
});
