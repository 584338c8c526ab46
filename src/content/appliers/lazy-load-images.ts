import type { Applier, ApplierContext } from './types';
import { AttributeJournal } from './support/attribute-journal';
import { observeElements, viewportPosition } from './support/dom';
import { lcpMatcher } from './support/lcp-match';
import { applyScoped } from './support/undo';

/**
 * Sets loading="lazy" on <img> (and <iframe>) elements as scripts insert them, or give them a
 * src, outside the viewport. Started at document_start; elements the parser inserts while the
 * initial HTML loads are left alone (the preload scanner has requested them already, so
 * lazy-loading them would save nothing and could only delay their display).
 *
 * Never touched: the LCP element, elements with a loading attribute or fetchpriority="high",
 * images already loaded, elements inside the viewport. Images a script gives a src before
 * inserting them are handled by the page-world hook (src/page/lazy-image-hook.ts). An iframe
 * decides on lazy loading as it is inserted, so only iframes that get their src after insertion
 * are deferred (the observer runs just after insertion).
 */
export const lazyLoadImagesApplier: Applier<'lazy-load-images'> = {
  id: 'lazy-load-images',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const journal = new AttributeJournal();
      undo.push(() => journal.restore());
      const isLcp = lcpMatcher(ctx.doc, ctx.params);
      undo.push(
        observeElements(ctx, {
          selector: ctx.params.iframes ? 'img, iframe' : 'img',
          attributeFilter: ['src', 'srcset'],
          onElements: (elements) => markOffscreenLazy(ctx, elements, (element) => isLazyCandidate(element, isLcp, journal), journal),
        }),
      );
    }),
};

function markOffscreenLazy(
  ctx: ApplierContext<'lazy-load-images'>,
  elements: readonly Element[],
  isCandidate: (element: Element) => boolean,
  journal: AttributeJournal,
): void {
  if (ctx.doc.readyState === 'loading') return;
  // Read every position before writing any attribute: one layout per batch, not one per image.
  const offscreen = elements.filter(isCandidate).filter((element) => viewportPosition(element, ctx.win) !== 'inside');
  for (const element of offscreen) journal.set(element, 'loading', 'lazy');
}

/** Whether element may be made lazy (before looking at where it is). */
export function isLazyCandidate(element: Element, isLcp: (element: Element) => boolean, journal: AttributeJournal): boolean {
  if (journal.has(element, 'loading') || element.hasAttribute('loading')) return false;
  if (element.getAttribute('fetchpriority')?.toLowerCase() === 'high') return false;
  if (isLcp(element)) return false;
  return !(element.localName === 'img' && isLoaded(element as HTMLImageElement));
}

function isLoaded(image: HTMLImageElement): boolean {
  return (image.hasAttribute('src') || image.hasAttribute('srcset')) && image.complete;
}
