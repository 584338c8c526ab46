/**
 * uPlot charts and the panel's theme. A canvas does not take CSS colours ('currentColor' is
 * resolved to black by Chromium's canvas here), so axes read the chart's text colour each time
 * they are drawn, and charts redraw when the theme changes.
 */
import type uPlot from 'uplot';
import { onThemeChange } from '../theme';

/** The axis colour: the chart container's current text colour. */
export function axisInk(el: HTMLElement): () => string {
  return () => getComputedStyle(el).color;
}

/** Redraws the chart after each theme change; returns the unsubscribe. */
export function redrawOnThemeChange(u: uPlot): () => void {
  // uPlot caches canvas styles until a resize: a same-size setSize makes it read them again.
  return onThemeChange(() => u.setSize({ width: u.width, height: u.height }));
}
