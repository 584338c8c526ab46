import type { Collector, CollectorContext } from './types';

/**
 * Starts a new view on each SPA soft navigation. The Navigation API's navigate event (seen from
 * the isolated world for the page's own pushState/replaceState/back/forward) is preferred;
 * without it, popstate plus URL polling after clicks catches history API changes.
 */
export const softNavigationsCollector: Collector = { id: 'soft-navigations', start: startSoftNavigations };

function startSoftNavigations({ views, signal }: CollectorContext): void {
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  if (nav) {
    nav.addEventListener(
      'navigate',
      (event) => {
        const e = event as Event & { navigationType?: string; destination?: { url?: string }; hashChange?: boolean; downloadRequest?: unknown };
        if (e.hashChange || e.downloadRequest) return;
        const url = e.destination?.url;
        const type = e.navigationType ?? 'push';
        if (!url || type === 'reload') return;
        // The page commits the URL after this event; samples from now on belong to the new view.
        views.startSoft(url, type);
      },
      { signal },
    );
    return;
  }
  let last = location.href;
  const check = (type: string) => {
    if (location.href !== last) {
      last = location.href;
      views.startSoft(last, type);
    }
  };
  addEventListener('popstate', () => check('traverse'), { signal });
  addEventListener('click', () => setTimeout(() => check('push'), 0), { capture: true, signal });
  const timer = setInterval(() => check('push'), 500);
  signal.addEventListener('abort', () => clearInterval(timer));
}
