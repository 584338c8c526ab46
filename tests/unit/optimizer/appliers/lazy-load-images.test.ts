// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lazyLoadImagesApplier } from '../../../../src/content/appliers/lazy-load-images';
import { abortAllContexts, contextFor, element, flush, placeAt, resetDocument, setComplete, snapshot } from './dom-fixtures';

const params = { lcpSelector: 'img.hero', lcpUrl: 'http://localhost:3000/lcp.jpg', iframes: true };

/** An image being loaded (not complete), as a script would insert it. */
function loadingImage(html: string): HTMLImageElement {
  const image = element<HTMLImageElement>(html);
  setComplete(image, false);
  return image;
}

describe('lazy-load-images applier', () => {
  beforeEach(() => resetDocument('<main><p>Users</p></main>'));
  afterEach(abortAllContexts);

  it('marks images and iframes inserted by script lazy, except those it must leave alone', async () => {
    const { ctx, errors } = contextFor<'lazy-load-images'>(params);
    const revert = lazyLoadImagesApplier.apply(ctx);
    const main = document.querySelector('main')!;
    const offscreen = loadingImage('<img src="/a.png">');
    const noSourceYet = element<HTMLImageElement>('<img alt="later">');
    const frame = element('<iframe srcdoc="ad"></iframe>');
    const hero = loadingImage('<img class="hero" src="/hero.jpg">');
    const lcpByUrl = loadingImage('<img src="/lcp.jpg">');
    const eager = loadingImage('<img src="/b.png" loading="eager">');
    const high = loadingImage('<img src="/c.png" fetchpriority="high">');
    const loaded = element<HTMLImageElement>('<img src="/d.png">'); // happy-dom: complete
    const visible = loadingImage('<img src="/e.png">');
    placeAt(offscreen, 3000);
    placeAt(visible, 100);
    main.append(offscreen, noSourceYet, frame, hero, lcpByUrl, eager, high, loaded, visible);
    await flush();

    expect(offscreen.getAttribute('loading')).toBe('lazy');
    expect(noSourceYet.getAttribute('loading')).toBe('lazy');
    expect(frame.getAttribute('loading')).toBe('lazy');
    expect(hero.hasAttribute('loading')).toBe(false);
    expect(lcpByUrl.hasAttribute('loading')).toBe(false);
    expect(eager.getAttribute('loading')).toBe('eager');
    expect(high.hasAttribute('loading')).toBe(false);
    expect(loaded.hasAttribute('loading')).toBe(false);
    expect(visible.hasAttribute('loading')).toBe(false);
    expect(errors).toEqual([]);

    revert();
    for (const image of [offscreen, noSourceYet, frame]) expect(image.hasAttribute('loading')).toBe(false);
    expect(eager.getAttribute('loading')).toBe('eager');
  });

  it('marks images inside an inserted subtree (innerHTML) and images given a src later', async () => {
    const { ctx } = contextFor<'lazy-load-images'>(params);
    const existing = element<HTMLImageElement>('<img alt="placeholder">');
    document.querySelector('main')!.append(existing);
    lazyLoadImagesApplier.apply(ctx);
    const grid = document.createElement('div');
    grid.innerHTML = '<ul><li><img src="/1.png"></li><li><img src="/2.png"></li></ul>';
    for (const image of grid.querySelectorAll('img')) setComplete(image, false);
    document.body.append(grid);
    existing.setAttribute('src', '/late.png');
    setComplete(existing, false);
    await flush();
    expect([...grid.querySelectorAll('img')].map((image) => image.getAttribute('loading'))).toEqual(['lazy', 'lazy']);
    expect(existing.getAttribute('loading')).toBe('lazy');
  });

  it('leaves the initial HTML alone while it is being parsed', async () => {
    const { ctx } = contextFor<'lazy-load-images'>(params);
    lazyLoadImagesApplier.apply(ctx);
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    try {
      const parsed = loadingImage('<img src="/parsed.png">');
      document.body.append(parsed);
      await flush();
      expect(parsed.hasAttribute('loading')).toBe(false);
    } finally {
      delete (document as unknown as Record<string, unknown>).readyState;
    }
  });

  it('reverts to the exact markup and stops observing', async () => {
    const { ctx } = contextFor<'lazy-load-images'>({ ...params, iframes: false });
    const before = snapshot();
    const revert = lazyLoadImagesApplier.apply(ctx);
    const image = loadingImage('<img src="/x.png" alt="x">');
    const frame = element('<iframe srcdoc="ad"></iframe>');
    const original = [image.outerHTML, frame.outerHTML];
    document.body.append(image, frame);
    await flush();
    expect(image.getAttribute('loading')).toBe('lazy');
    expect(frame.hasAttribute('loading')).toBe(false); // iframes: false
    revert();
    expect([image.outerHTML, frame.outerHTML]).toEqual(original);
    const after = loadingImage('<img src="/y.png">');
    document.body.append(after);
    await flush();
    expect(after.hasAttribute('loading')).toBe(false);
    image.remove();
    frame.remove();
    after.remove();
    expect(snapshot()).toEqual(before);
  });

  it('keeps a loading value the page set after it', async () => {
    const { ctx } = contextFor<'lazy-load-images'>(params);
    const revert = lazyLoadImagesApplier.apply(ctx);
    const image = loadingImage('<img src="/x.png">');
    document.body.append(image);
    await flush();
    image.setAttribute('loading', 'eager');
    revert();
    expect(image.getAttribute('loading')).toBe('eager');
  });

  it('reports an error in its observer instead of throwing into the page', async () => {
    const { ctx, errors } = contextFor<'lazy-load-images'>(params);
    lazyLoadImagesApplier.apply(ctx);
    const broken = loadingImage('<img src="/x.png">');
    Object.defineProperty(broken, 'getBoundingClientRect', {
      value: () => {
        throw new Error('layout failed');
      },
    });
    document.body.append(broken);
    await flush();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/layout failed/);
  });
});
