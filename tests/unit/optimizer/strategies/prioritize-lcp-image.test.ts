import { describe, expect, it } from 'vitest';
import type { LcpFacts } from '../../../../src/core/optimizer/input';
import { prioritizeLcpImage } from '../../../../src/core/optimizer/strategies/prioritize-lcp-image/decide';
import { input, inputOn } from '../fixtures';

const lcp = (overrides: Partial<LcpFacts>): LcpFacts => ({
  value: 3200,
  selector: 'main>img.hero',
  url: 'https://cdn.example.com/img/hero.jpg',
  urlStable: true,
  resourceLoadDelay: 850,
  resourceLoadDuration: 300,
  requestStart: 1200,
  ...overrides,
});

describe('prioritize-lcp-image', () => {
  it('applies to a late-discovered LCP image, naming it and the delay', () => {
    const assessment = prioritizeLcpImage.assess(input({ lcp: lcp({}) }));
    expect(assessment).toMatchObject({ applies: true, impact: 'high' });
    expect(assessment.reason).toBe('The LCP image hero.jpg starts loading 850 ms after the first byte (LCP 3.2 s); fetchpriority=high and a preload fetch it first');
  });

  it('does not apply when the LCP element is text', () => {
    const assessment = prioritizeLcpImage.assess(input({ lcp: lcp({ url: null, selector: 'h1.title' }) }));
    expect(assessment).toEqual({ applies: false, reason: 'The largest element (h1.title) is text, not an image: there is no image to prioritize' });
  });

  it('does not apply when the image starts early and LCP is good', () => {
    const assessment = prioritizeLcpImage.assess(input({ lcp: lcp({ value: 1400, resourceLoadDelay: 20 }) }));
    expect(assessment.applies).toBe(false);
    expect(assessment.reason).toMatch(/already starts loading early and LCP is good \(1.4 s\)/);
  });

  it('applies to the same early image on a 3g connection', () => {
    const assessment = prioritizeLcpImage.assess(inputOn({ effectiveType: '3g' }, { lcp: lcp({ value: 1400, resourceLoadDelay: 20 }) }));
    expect(assessment.applies).toBe(true);
    expect(assessment.reason).toMatch(/on this 3g connection/);
  });

  it('says so when no LCP was captured', () => {
    expect(prioritizeLcpImage.assess(input()).reason).toMatch(/No Largest Contentful Paint/);
  });

  it('preloads only a URL that was the same in every load', () => {
    expect(prioritizeLcpImage.params(input({ lcp: lcp({}) })).preload).toBe(true);
    expect(prioritizeLcpImage.params(input({ lcp: lcp({ urlStable: false }) })).preload).toBe(false);
    expect(prioritizeLcpImage.params(input()).preload).toBe(false);
  });
});
