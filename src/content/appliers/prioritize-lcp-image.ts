import type { Applier, ApplierContext, Revert } from './types';
import { AttributeJournal } from './support/attribute-journal';
import { observeElements, withInsertionParent } from './support/dom';
import { lcpMatcher } from './support/lcp-match';
import { applyScoped } from './support/undo';

/** After this long, or after the first input, the LCP can no longer change: stop watching. */
const LCP_WATCH_MS = 30_000;

/**
 * Finds the LCP image (by attribution selector and/or URL), sets fetchpriority="high" on it and
 * turns loading="lazy" into "eager"; at document_start it also inserts <link rel=preload as=image
 * fetchpriority=high> for the LCP URL when the plan says the URL is stable, which is what
 * makes the image start early on the next load.
 */
export const prioritizeLcpImageApplier: Applier<'prioritize-lcp-image'> = {
  id: 'prioritize-lcp-image',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const { lcpSelector, lcpUrl, preload } = ctx.params;
      if (preload && lcpUrl) undo.push(insertPreload(ctx, lcpUrl));
      if (lcpSelector === null && lcpUrl === null) return;
      const journal = new AttributeJournal();
      undo.push(() => journal.restore());
      const isLcp = lcpMatcher(ctx.doc, ctx.params);
      const prioritize = (elements: Iterable<Element>) => {
        for (const element of elements) if (element.localName === 'img' && isLcp(element)) promote(element, journal);
      };
      prioritize(ctx.doc.querySelectorAll('img'));
      const stop = observeElements(ctx, { selector: 'img', attributeFilter: ['src', 'srcset'], onElements: prioritize });
      undo.push(stop);
      stopAfterLcpWindow(ctx, stop);
    }),
};

/**
 * fetchpriority="high", and loading="eager" instead of "lazy": the same as removing the attribute,
 * but reverting a changed value keeps the attribute where it was, so the markup comes back
 * byte for byte (a removed attribute would come back last).
 */
function promote(image: Element, journal: AttributeJournal): void {
  if (image.getAttribute('fetchpriority') !== 'high') journal.set(image, 'fetchpriority', 'high');
  if (image.getAttribute('loading')?.toLowerCase() === 'lazy') journal.set(image, 'loading', 'eager');
}

function insertPreload(ctx: ApplierContext<'prioritize-lcp-image'>, url: string): Revert {
  const existing = [...ctx.doc.querySelectorAll('link[rel~="preload"][as="image"]')].some((link) => (link as HTMLLinkElement).href === url);
  if (existing) return () => {};
  const link = ctx.doc.createElement('link');
  link.setAttribute('rel', 'preload');
  link.setAttribute('as', 'image');
  link.setAttribute('fetchpriority', 'high');
  link.setAttribute('href', url);
  withInsertionParent(ctx, (parent) => parent.appendChild(link));
  return () => link.remove();
}

function stopAfterLcpWindow(ctx: ApplierContext<'prioritize-lcp-image'>, stop: () => void): void {
  const options = { once: true, capture: true, passive: true, signal: ctx.signal };
  ctx.win.addEventListener('pointerdown', stop, options);
  ctx.win.addEventListener('keydown', stop, options);
  const timer = ctx.win.setTimeout(stop, LCP_WATCH_MS);
  ctx.signal.addEventListener('abort', () => ctx.win.clearTimeout(timer), { once: true });
}
