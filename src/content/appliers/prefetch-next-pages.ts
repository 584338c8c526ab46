import type { Applier, ApplierContext } from './types';
import { absoluteUrl, insertionParent, whenIdle, whenLoaded } from './support/dom';
import { applyScoped, guarded } from './support/undo';

/**
 * Paths that look like actions: a GET to them may change something (log out, delete...), so
 * they are never prefetched.
 */
const ACTION_PATH = /log-?out|sign-?out|delete|remove|destroy|unsubscribe|revoke|disable|deactivate|cancel|approve|reject|toggle|download|export/i;

/**
 * Prefetches same-origin pages the user is likely to open next: a link when the pointer rests
 * on it (hoverDelayMs) or it gets focus, and, once the page is loaded and idle, the pages the
 * plan found the user opens next from here. At most maxPrefetches per load. Never prefetches
 * other origins, links with download or a target other than _self, links whose method is not
 * GET (data-method), the current page, or paths that look like actions (log out, delete...).
 * Revert removes the <link rel=prefetch>s and the listeners.
 */
export const prefetchNextPagesApplier: Applier<'prefetch-next-pages'> = {
  id: 'prefetch-next-pages',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const links = new Map<string, HTMLLinkElement>();
      undo.push(() => links.forEach((link) => link.remove()));
      const prefetch = (url: URL) => {
        const href = url.href;
        if (links.has(href) || links.size >= ctx.params.maxPrefetches) return;
        const parent = insertionParent(ctx.doc);
        if (!parent) return;
        const link = ctx.doc.createElement('link');
        link.setAttribute('rel', 'prefetch');
        link.setAttribute('href', href);
        links.set(href, link);
        parent.appendChild(link);
      };
      listenForIntent(ctx, prefetch);
      whenLoaded(ctx, () =>
        whenIdle(ctx, () => {
          for (const likely of ctx.params.likelyUrls.slice(0, ctx.params.idleLinks)) {
            const url = prefetchableUrl(likely, ctx.doc);
            if (url) prefetch(url);
          }
        }),
      );
    }),
};

function listenForIntent(ctx: ApplierContext<'prefetch-next-pages'>, prefetch: (url: URL) => void): void {
  let pending: { anchor: Element; timer: ReturnType<Window['setTimeout']> } | null = null;
  const cancel = () => {
    if (pending) ctx.win.clearTimeout(pending.timer);
    pending = null;
  };
  const options = { capture: true, passive: true, signal: ctx.signal };
  ctx.doc.addEventListener(
    'pointerover',
    guarded(ctx.report, (event: Event) => {
      const anchor = closestAnchor(event.target);
      if (!anchor || anchor === pending?.anchor) return;
      cancel();
      const url = prefetchableLink(anchor, ctx.doc);
      if (url) pending = { anchor, timer: ctx.win.setTimeout(guarded(ctx.report, () => prefetch(url)), ctx.params.hoverDelayMs) };
    }),
    options,
  );
  ctx.doc.addEventListener(
    'pointerout',
    guarded(ctx.report, (event: Event) => {
      const related = (event as PointerEvent).relatedTarget as Node | null;
      if (pending && !(related && pending.anchor.contains(related))) cancel();
    }),
    options,
  );
  ctx.doc.addEventListener(
    'focusin',
    guarded(ctx.report, (event: Event) => {
      const anchor = closestAnchor(event.target);
      const url = anchor && prefetchableLink(anchor, ctx.doc);
      if (url) prefetch(url);
    }),
    options,
  );
  ctx.signal.addEventListener('abort', cancel, { once: true });
}

function closestAnchor(target: EventTarget | null): Element | null {
  const element = target as Element | null;
  return typeof element?.closest === 'function' ? element.closest('a[href]') : null;
}

/** The URL to prefetch for a link, or null when it must not be prefetched. */
export function prefetchableLink(anchor: Element, doc: Document): URL | null {
  if (anchor.hasAttribute('download') || anchor.hasAttribute('data-method') || anchor.hasAttribute('data-turbo-method')) return null;
  const target = anchor.getAttribute('target');
  if (target !== null && target !== '' && target.toLowerCase() !== '_self') return null;
  return prefetchableUrl(anchor.getAttribute('href') ?? '', doc);
}

/** The URL to prefetch for href, or null when it is another origin, this page, or an action. */
export function prefetchableUrl(href: string, doc: Document): URL | null {
  const url = absoluteUrl(href, doc);
  const page = absoluteUrl(doc.URL, doc);
  if (!url || !page || url.origin !== page.origin || !/^https?:$/.test(url.protocol)) return null;
  if (url.pathname === page.pathname && url.search === page.search) return null;
  if (ACTION_PATH.test(url.pathname + url.search)) return null;
  url.hash = '';
  return url;
}
