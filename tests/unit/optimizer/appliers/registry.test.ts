// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyStrategies, type AppliedStrategies } from '../../../../src/content/appliers/registry';
import { STRATEGY_IDS, type StrategyId } from '../../../../src/core/optimizer/catalogue';
import { flush, placeAt, resetDocument, setComplete, snapshot } from './dom-fixtures';

describe('applyStrategies', () => {
  let applied: AppliedStrategies | null = null;
  const reported: [StrategyId, unknown][] = [];
  const report = (id: StrategyId, error: unknown) => void reported.push([id, error]);

  beforeEach(() => {
    reported.length = 0;
    resetDocument('<main><img id="a" src="/a.png"><ul id="list"></ul></main>', '<title>t</title>');
  });
  afterEach(() => applied?.revertAll());

  it('applies every strategy and reverts them all to the exact document', async () => {
    const before = snapshot();
    applied = applyStrategies(STRATEGY_IDS, {
      doc: document,
      win: window,
      report,
      params: { 'preconnect-hot-origins': { origins: [{ origin: 'https://cdn.example.com', anonymous: false, credentialed: true }] } },
    });
    expect(applied.active()).toEqual(STRATEGY_IDS);
    const image = document.createElement('img');
    setComplete(image, false);
    image.src = '/late.png';
    document.body.append(image);
    await flush();
    expect(snapshot()).not.toEqual(before);
    applied.revertAll();
    image.remove();
    expect(snapshot()).toEqual(before);
    expect(applied.active()).toEqual([]);
    expect(reported).toEqual([]);
  });

  it('uses the plan params, else the strategy defaults', () => {
    applied = applyStrategies(['preconnect-hot-origins'], { doc: document, win: window, report });
    expect(document.querySelectorAll('link')).toHaveLength(0); // default: no origins
    applied.revert('preconnect-hot-origins');
    applied.apply('preconnect-hot-origins', { origins: [{ origin: 'https://cdn.example.com', anonymous: false, credentialed: true }] });
    expect(document.querySelectorAll('link[rel="preconnect"]')).toHaveLength(1);
  });

  it('contains an applier that throws while applying, reports it, and applies the others', () => {
    const before = snapshot();
    // No MutationObserver on this window: appliers that observe the document fail to start.
    const bareWindow = { innerHeight: 768, innerWidth: 1024, setTimeout, clearTimeout, getComputedStyle } as unknown as Window;
    applied = applyStrategies(['lazy-load-images', 'reduce-motion', 'async-image-decoding'], { doc: document, win: bareWindow, report });
    expect(applied.active()).toEqual(['reduce-motion']);
    expect(applied.errors.map((e) => [e.strategyId, e.phase])).toEqual([
      ['lazy-load-images', 'apply'],
      ['async-image-decoding', 'apply'],
    ]);
    expect(reported.map(([id]) => id)).toEqual(['lazy-load-images', 'async-image-decoding']);
    // The half-applied decoding strategy undid what it had done before failing.
    expect(document.getElementById('a')!.hasAttribute('decoding')).toBe(false);
    applied.revertAll();
    expect(snapshot()).toEqual(before);
  });

  it('contains errors in an applier callback', async () => {
    applied = applyStrategies(['lazy-load-images'], { doc: document, win: window, report });
    const image = document.createElement('img');
    Object.defineProperty(image, 'getBoundingClientRect', {
      value: () => {
        throw new Error('boom');
      },
    });
    document.body.append(image);
    await flush();
    expect(applied.errors).toEqual([{ strategyId: 'lazy-load-images', phase: 'callback', error: new Error('boom') }]);
    expect(applied.active()).toEqual(['lazy-load-images']);
  });

  it('contains errors while reverting', () => {
    applied = applyStrategies(['reduce-motion'], { doc: document, win: window, report });
    const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(document), 'adoptedStyleSheets');
    Object.defineProperty(document, 'adoptedStyleSheets', {
      configurable: true,
      get: () => [],
      set: () => {
        throw new Error('frozen');
      },
    });
    try {
      expect(() => applied!.revert('reduce-motion')).not.toThrow();
      expect(applied.errors.map((e) => e.phase)).toEqual(['revert']);
    } finally {
      delete (document as unknown as Record<string, unknown>).adoptedStyleSheets;
      if (descriptor) document.adoptedStyleSheets = [];
    }
  });

  it('survives a reporter that throws', () => {
    const bareWindow = {} as Window;
    expect(() =>
      applyStrategies(['lazy-load-images'], {
        doc: document,
        win: bareWindow,
        report: () => {
          throw new Error('reporter broken');
        },
      }),
    ).not.toThrow();
  });

  it('applies each strategy once, ignores unknown ids, and reverts all when its signal aborts', () => {
    const controller = new AbortController();
    applied = applyStrategies(['reduce-motion'], { doc: document, win: window, report, signal: controller.signal });
    expect(applied.apply('reduce-motion')).toBe(false);
    expect(applied.apply('no-such-strategy' as StrategyId)).toBe(false);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    controller.abort();
    expect(applied.active()).toEqual([]);
    expect(document.adoptedStyleSheets).toHaveLength(0);
    expect(applied.apply('reduce-motion')).toBe(false);
  });

  it('reverts a live strategy without touching the others', () => {
    placeAt(document.getElementById('list')!, 5000, 3000);
    applied = applyStrategies(['reduce-motion', 'content-visibility'], { doc: document, win: window, report });
    expect(document.getElementById('list')!.getAttribute('style')).toMatch(/content-visibility/);
    applied.revert('reduce-motion');
    expect(document.adoptedStyleSheets).toHaveLength(0);
    expect(document.getElementById('list')!.getAttribute('style')).toMatch(/content-visibility/);
    expect(applied.active()).toEqual(['content-visibility']);
  });
});
