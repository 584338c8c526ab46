import type { Revert } from '../types';
import { globalsOf } from './dom';

/**
 * Adds CSS to the document as a constructed stylesheet in document.adoptedStyleSheets, which a
 * page's Content Security Policy (style-src) does not block, unlike a <style> element inserted
 * by a content script. Falls back to a <style> element where constructed stylesheets are
 * missing. The returned function removes it.
 *
 * A page that assigns document.adoptedStyleSheets wholesale drops the sheet; it is then simply
 * not in effect (nothing breaks).
 */
export function addStyleSheet(doc: Document, win: Window, cssText: string): Revert {
  const Sheet = globalsOf(win).CSSStyleSheet;
  if (Sheet && Array.isArray(doc.adoptedStyleSheets) && typeof Sheet.prototype.replaceSync === 'function') {
    const sheet = new Sheet();
    sheet.replaceSync(cssText);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return () => {
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  }
  const style = doc.createElement('style');
  style.textContent = cssText;
  (doc.head ?? doc.documentElement).appendChild(style);
  return () => style.remove();
}
