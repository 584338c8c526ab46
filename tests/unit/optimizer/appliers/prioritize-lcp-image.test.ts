// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prioritizeLcpImageApplier } from '../../../../src/content/appliers/prioritize-lcp-image';
import { abortAllContexts, contextFor, element, flush, resetDocument, snapshot } from './dom-fixtures';

const LCP_URL = 'https://cdn.example.com/hero.jpg';
const params = { lcpSelector: 'main > img.hero', lcpUrl: LCP_URL, preload: true };

describe('prioritize-lcp-image applier', () => {
  beforeEach(() => resetDocument('<main><img class="hero" loading="lazy" src="https://cdn.example.com/hero.jpg"><img src="/other.png" loading="lazy"></main>', '<title>t</title>'));
  afterEach(abortAllContexts);

  it('raises the LCP image priority, un-lazies it and preloads its URL', () => {
    const { ctx } = contextFor<'prioritize-lcp-image'>(params);
    prioritizeLcpImageApplier.apply(ctx);
    const hero = document.querySelector('img.hero')!;
    expect(hero.getAttribute('fetchpriority')).toBe('high');
    expect(hero.getAttribute('loading')).toBe('eager');
    const other = document.querySelector('img:not(.hero)')!;
    expect(other.getAttribute('loading')).toBe('lazy');
    expect(other.hasAttribute('fetchpriority')).toBe(false);
    const preload = document.head.querySelector('link[rel="preload"]')!;
    expect([preload.getAttribute('as'), preload.getAttribute('fetchpriority'), preload.getAttribute('href')]).toEqual(['image', 'high', LCP_URL]);
  });

  it('finds an LCP image that script inserts later, by URL', async () => {
    resetDocument('<main></main>');
    const { ctx } = contextFor<'prioritize-lcp-image'>({ ...params, lcpSelector: null });
    prioritizeLcpImageApplier.apply(ctx);
    const late = element(`<img srcset="${LCP_URL} 1x, https://cdn.example.com/hero@2x.jpg 2x" loading="lazy">`);
    document.querySelector('main')!.append(late);
    await flush();
    expect(late.getAttribute('fetchpriority')).toBe('high');
    expect(late.getAttribute('loading')).toBe('eager');
  });

  it('does not preload when the URL is not stable or a preload exists', () => {
    const { ctx } = contextFor<'prioritize-lcp-image'>({ ...params, preload: false });
    prioritizeLcpImageApplier.apply(ctx);
    expect(document.querySelectorAll('link[rel="preload"]')).toHaveLength(0);
    resetDocument('', `<link rel="preload" as="image" href="${LCP_URL}">`);
    prioritizeLcpImageApplier.apply(contextFor<'prioritize-lcp-image'>(params).ctx);
    expect(document.querySelectorAll('link[rel="preload"]')).toHaveLength(1);
  });

  it('reverts to the exact markup', async () => {
    const before = snapshot();
    const { ctx } = contextFor<'prioritize-lcp-image'>(params);
    const revert = prioritizeLcpImageApplier.apply(ctx);
    expect(snapshot()).not.toEqual(before);
    revert();
    expect(snapshot()).toEqual(before);
  });
});
