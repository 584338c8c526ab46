// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asyncImageDecodingApplier } from '../../../../src/content/appliers/async-image-decoding';
import { abortAllContexts, contextFor, element, flush, resetDocument, snapshot } from './dom-fixtures';

describe('async-image-decoding applier', () => {
  beforeEach(() => resetDocument('<img id="a" src="/a.png"><img id="sync" decoding="sync" src="/b.png"><img id="hero" class="hero" src="/hero.png">'));
  afterEach(abortAllContexts);

  it('sets decoding=async on present and inserted images, not on the LCP image or explicit ones', async () => {
    const { ctx } = contextFor<'async-image-decoding'>({ lcpSelector: '#hero', lcpUrl: null });
    asyncImageDecodingApplier.apply(ctx);
    expect(document.getElementById('a')!.getAttribute('decoding')).toBe('async');
    expect(document.getElementById('sync')!.getAttribute('decoding')).toBe('sync');
    expect(document.getElementById('hero')!.hasAttribute('decoding')).toBe(false);
    const inserted = element('<img src="/c.png">');
    document.body.append(inserted);
    await flush();
    expect(inserted.getAttribute('decoding')).toBe('async');
  });

  it('reverts to the exact markup', async () => {
    const before = snapshot();
    const { ctx } = contextFor<'async-image-decoding'>({ lcpSelector: null, lcpUrl: null });
    const revert = asyncImageDecodingApplier.apply(ctx);
    const inserted = element('<img src="/c.png">');
    const original = inserted.outerHTML;
    document.body.append(inserted);
    await flush();
    revert();
    expect(inserted.outerHTML).toBe(original);
    inserted.remove();
    expect(snapshot()).toEqual(before);
  });
});
