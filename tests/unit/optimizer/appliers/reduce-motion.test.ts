// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDUCE_MOTION_CSS, reduceMotionApplier } from '../../../../src/content/appliers/reduce-motion';
import { abortAllContexts, contextFor, resetDocument, snapshot } from './dom-fixtures';

describe('reduce-motion applier', () => {
  beforeEach(() => resetDocument('<div class="spinner"></div>'));
  afterEach(abortAllContexts);

  it('adopts a constructed stylesheet (not blocked by the page CSP) and removes it on revert', () => {
    const before = snapshot();
    const { ctx } = contextFor<'reduce-motion'>({});
    const revert = reduceMotionApplier.apply(ctx);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    const css = [...document.adoptedStyleSheets[0]!.cssRules].map((rule) => rule.cssText).join('');
    expect(css).toMatch(/animation-duration: 0s !important/);
    expect(css).toMatch(/transition: none !important/);
    expect(document.querySelector('style')).toBeNull();
    revert();
    expect(snapshot()).toEqual(before);
  });

  it('keeps the page\'s own adopted stylesheets', () => {
    const pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [pageSheet];
    const revert = reduceMotionApplier.apply(contextFor<'reduce-motion'>({}).ctx);
    expect(document.adoptedStyleSheets).toHaveLength(2);
    revert();
    expect(document.adoptedStyleSheets).toEqual([pageSheet]);
  });

  it('falls back to a <style> element where constructed stylesheets are missing', () => {
    const before = snapshot();
    const { ctx } = contextFor<'reduce-motion'>({}, { win: {} as Window });
    const revert = reduceMotionApplier.apply(ctx);
    expect(document.head.querySelector('style')!.textContent).toBe(REDUCE_MOTION_CSS);
    revert();
    expect(snapshot()).toEqual(before);
  });
});
