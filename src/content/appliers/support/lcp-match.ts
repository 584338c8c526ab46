import { absoluteUrl } from './dom';

/** How an applier recognises the LCP element: by its attribution selector and/or its image URL. */
export interface LcpIdentity {
  lcpSelector: string | null;
  lcpUrl: string | null;
}

/** A predicate telling whether an element is the page's LCP element. */
export function lcpMatcher(doc: Document, identity: LcpIdentity): (element: Element) => boolean {
  const { lcpSelector, lcpUrl } = identity;
  return (element) => (lcpSelector !== null && matchesSafely(element, lcpSelector)) || (lcpUrl !== null && imageUrls(element, doc).includes(lcpUrl));
}

/** The absolute URLs an <img> may load: currentSrc, src and every srcset candidate. */
export function imageUrls(element: Element, doc: Document): string[] {
  const urls: string[] = [];
  const currentSrc = (element as HTMLImageElement).currentSrc;
  if (typeof currentSrc === 'string' && currentSrc) urls.push(currentSrc);
  const src = element.getAttribute('src');
  if (src) urls.push(absoluteUrl(src, doc)?.href ?? src);
  for (const candidate of (element.getAttribute('srcset') ?? '').split(',')) {
    const url = candidate.trim().split(/\s+/)[0];
    if (url) urls.push(absoluteUrl(url, doc)?.href ?? url);
  }
  return urls;
}

/** element.matches(selector), false for a selector the browser rejects. */
export function matchesSafely(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}
