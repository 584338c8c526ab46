/**
 * Injected into the page world just before the optimizer's page-world script, only on sites
 * where "Lazy-load offscreen images" is on for some page (src/background/optimizer-scripts.ts):
 * says so at document_start, so the hook marks the images a page script renders before the
 * content script has read the toggles (it keeps or undoes the marks when they arrive).
 */
import { LAZY_AT_START_EVENT, LAZY_AT_START_FLAG } from '../shared/page-protocol';

try {
  if (!(LAZY_AT_START_FLAG in window)) {
    Object.defineProperty(window, LAZY_AT_START_FLAG, { value: true, enumerable: false });
    window.dispatchEvent(new Event(LAZY_AT_START_EVENT));
  }
} catch {
  /* never disturb the page: the hook then starts when the toggles arrive */
}
