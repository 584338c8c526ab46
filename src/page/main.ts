/**
 * The only code in the page's own JavaScript world. It tells the content script the method of
 * each fetch/XHR (Resource Timing does not carry it). It is tiny and defensive: the wrappers
 * call the originals first-class, never throw into the page, and change no behaviour.
 */
import { isLazyImagesCommand, PAGE_PROTOCOL, PAGE_SOURCE } from '../shared/page-protocol';
import { installLazyImageHook, type UninstallLazyImageHook } from './lazy-image-hook';
import { ResponseCacheClient } from './response-cache-client';

declare global {
  interface Window {
    __adminPerformancePage?: boolean;
  }
}

function hint(url: unknown, method: unknown): void {
  try {
    const absolute = new URL(String(url), location.href).href;
    window.postMessage({ source: PAGE_SOURCE, v: PAGE_PROTOCOL, type: 'request', url: absolute, method: String(method || 'GET').toUpperCase() }, location.origin === 'null' ? '*' : location.origin);
  } catch {
    /* never disturb the page */
  }
}

function install(): void {
  if (window.__adminPerformancePage) return;
  Object.defineProperty(window, '__adminPerformancePage', { value: true, enumerable: false });

  const originalFetch = window.fetch;
  // Inert until "Cache repeated API calls" is switched on for this page.
  const cache = typeof originalFetch === 'function' ? new ResponseCacheClient(window, originalFetch) : null;
  if (typeof originalFetch === 'function') {
    const wrapped = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      try {
        const isRequest = typeof Request !== 'undefined' && input instanceof Request;
        hint(isRequest ? input.url : input, init?.method ?? (isRequest ? input.method : 'GET'));
      } catch {
        /* ignore */
      }
      const self = this === undefined ? window : this;
      if (cache?.active) return cache.fetch(self, input, init);
      return originalFetch.call(self, input, init);
    };
    Object.defineProperty(wrapped, 'toString', { value: () => originalFetch.toString() });
    window.fetch = wrapped as typeof fetch;
  }

  const proto = XMLHttpRequest.prototype;
  const originalOpen = proto.open;
  proto.open = function open(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    hint(url, method);
    return (originalOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof proto.open;
  try {
    cache?.wrapXhr(proto);
  } catch {
    /* XHR stays as it was */
  }
}

/** The page-world half of "Lazy-load offscreen images": installed only while it is switched on. */
function listenForOptimizer(): void {
  let uninstall: UninstallLazyImageHook | null = null;
  let exclude = new Set<string>();
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window || !isLazyImagesCommand(event.data)) return;
    exclude = new Set(event.data.exclude);
    if (event.data.enabled && !uninstall) {
      uninstall = installLazyImageHook(window, () => true, { isExcluded: (url) => exclude.has(url) });
    } else if (!event.data.enabled && uninstall) {
      uninstall();
      uninstall = null;
    }
  });
}

install();
listenForOptimizer();
