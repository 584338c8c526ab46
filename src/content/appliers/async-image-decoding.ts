import type { Applier } from './types';
import { AttributeJournal } from './support/attribute-journal';
import { observeElements } from './support/dom';
import { lcpMatcher } from './support/lcp-match';
import { applyScoped } from './support/undo';

/**
 * Sets decoding="async" on every <img> without a decoding attribute, present and inserted
 * later, except the LCP image (which should paint as soon as it is decoded).
 */
export const asyncImageDecodingApplier: Applier<'async-image-decoding'> = {
  id: 'async-image-decoding',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const journal = new AttributeJournal();
      undo.push(() => journal.restore());
      const isLcp = lcpMatcher(ctx.doc, ctx.params);
      const decodeAsync = (images: Iterable<Element>) => {
        for (const image of images) {
          if (image.localName === 'img' && !image.hasAttribute('decoding') && !isLcp(image)) journal.set(image, 'decoding', 'async');
        }
      };
      decodeAsync(ctx.doc.querySelectorAll('img'));
      undo.push(observeElements(ctx, { selector: 'img', onElements: decodeAsync }));
    }),
};
