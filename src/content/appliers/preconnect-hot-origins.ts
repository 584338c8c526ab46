import type { HotOrigin } from '../../core/optimizer/strategies/preconnect-hot-origins/meta';
import type { Applier } from './types';
import { absoluteUrl, withInsertionParent } from './support/dom';
import { applyScoped } from './support/undo';

/**
 * Inserts <link rel=preconnect> (with crossorigin for CORS traffic, without for the rest) and
 * <link rel=dns-prefetch> for each hot origin, skipping the page's own origin and hints the page
 * already has. Revert removes the links.
 */
export const preconnectHotOriginsApplier: Applier<'preconnect-hot-origins'> = {
  id: 'preconnect-hot-origins',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const links = hintLinks(ctx.doc, ctx.params.origins);
      undo.push(() => links.forEach((link) => link.remove()));
      withInsertionParent(ctx, (parent) => links.forEach((link) => parent.appendChild(link)));
    }),
};

function hintLinks(doc: Document, origins: readonly HotOrigin[]): HTMLLinkElement[] {
  const pageOrigin = absoluteUrl(doc.URL, doc)?.origin;
  const links: HTMLLinkElement[] = [];
  const wanted = new Set<string>();
  const want = (rel: string, origin: string, crossOrigin: boolean) => {
    const key = `${rel} ${origin} ${crossOrigin}`;
    if (wanted.has(key) || hasHint(doc, rel, origin, crossOrigin)) return;
    wanted.add(key);
    links.push(hintLink(doc, rel, origin, crossOrigin));
  };
  for (const hot of origins) {
    const origin = httpOrigin(hot.origin, doc);
    if (origin === null || origin === pageOrigin) continue;
    if (hot.credentialed || !hot.anonymous) want('preconnect', origin, false);
    if (hot.anonymous) want('preconnect', origin, true);
    want('dns-prefetch', origin, false);
  }
  return links;
}

function httpOrigin(value: string, doc: Document): string | null {
  const url = absoluteUrl(value, doc);
  return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : null;
}

function hintLink(doc: Document, rel: string, origin: string, crossOrigin: boolean): HTMLLinkElement {
  const link = doc.createElement('link');
  link.setAttribute('rel', rel);
  link.setAttribute('href', origin);
  if (crossOrigin) link.setAttribute('crossorigin', 'anonymous');
  return link;
}

function hasHint(doc: Document, rel: string, origin: string, crossOrigin: boolean): boolean {
  return [...doc.querySelectorAll(`link[rel~="${rel}"][href]`)].some((link) => {
    const sameOrigin = absoluteUrl(link.getAttribute('href')!, doc)?.origin === origin;
    return sameOrigin && (rel !== 'preconnect' || link.hasAttribute('crossorigin') === crossOrigin);
  });
}
