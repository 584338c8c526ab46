import type { Applier } from './types';
import { addStyleSheet } from './support/constructed-style';

/** The stylesheet the applier adopts: animations jump to their end, transitions are off. */
export const REDUCE_MOTION_CSS =
  '*,*::before,*::after{animation-duration:0s!important;animation-delay:0s!important;animation-iteration-count:1!important;' +
  'transition:none!important;scroll-behavior:auto!important}';

/**
 * Adopts a constructed stylesheet (not subject to the page's style-src CSP) that ends CSS
 * animations at once and turns transitions and smooth scrolling off; revert removes it.
 */
export const reduceMotionApplier: Applier<'reduce-motion'> = {
  id: 'reduce-motion',
  apply: (ctx) => addStyleSheet(ctx.doc, ctx.win, REDUCE_MOTION_CSS),
};
