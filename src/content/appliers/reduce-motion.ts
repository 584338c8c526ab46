import { REDUCE_MOTION_CSS } from '../../core/optimizer/defaults';
import type { Applier } from './types';
import { addStyleSheet } from './support/constructed-style';

/**
 * Adopts a constructed stylesheet (not subject to the page's style-src CSP) that ends CSS
 * animations at once and turns transitions and smooth scrolling off; revert removes it.
 */
export const reduceMotionApplier: Applier<'reduce-motion'> = {
  id: 'reduce-motion',
  apply: (ctx) => addStyleSheet(ctx.doc, ctx.win, REDUCE_MOTION_CSS),
};
