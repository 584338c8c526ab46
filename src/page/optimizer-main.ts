/**
 * The optimizer's page-world script, injected only into pages of sites where a strategy is on
 * (registered by src/background/optimizer-scripts.ts): the page-world half of "Lazy-load
 * offscreen images" (switched over a private channel from the content optimizer script) and the
 * response-cache client (inert until "Cache repeated API calls" switches it on). Like the capture
 * hook it never throws into the page and changes nothing while its strategies are off.
 */
import { isLazyImagesCommand, OPTIMIZER_CHANNEL_EVENT, OPTIMIZER_READY_EVENT } from '../shared/page-protocol';
import { takeChannel } from './channel';
import { installLazyImageHook, type UninstallLazyImageHook } from './lazy-image-hook';
import { ResponseCacheClient } from './response-cache-client';

declare global {
  interface Window {
    __adminPerformanceOptimizerPage?: boolean;
  }
}

function installResponseCache(): void {
  const originalFetch = window.fetch;
  if (typeof originalFetch !== 'function') return;
  const cache = new ResponseCacheClient(window, originalFetch);
  const wrapped = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const self = this === undefined ? window : this;
    if (cache.active) return cache.fetch(self, input, init);
    return originalFetch.call(self, input, init);
  };
  Object.defineProperty(wrapped, 'toString', { value: () => originalFetch.toString() });
  window.fetch = wrapped as typeof fetch;
  try {
    cache.wrapXhr(XMLHttpRequest.prototype);
  } catch {
    /* XHR stays as it was */
  }
}

/** The page-world half of "Lazy-load offscreen images": installed only while the content optimizer script says so. */
function listenForLazyImages(port: MessagePort): void {
  let uninstall: UninstallLazyImageHook | null = null;
  let exclude = new Set<string>();
  port.addEventListener('message', (event: MessageEvent) => {
    if (!isLazyImagesCommand(event.data)) return;
    exclude = new Set(event.data.exclude);
    if (event.data.enabled && !uninstall) {
      uninstall = installLazyImageHook(window, () => true, { isExcluded: (url) => exclude.has(url) });
    } else if (!event.data.enabled && uninstall) {
      uninstall();
      uninstall = null;
    }
  });
  port.start();
}

if (!window.__adminPerformanceOptimizerPage) {
  Object.defineProperty(window, '__adminPerformanceOptimizerPage', { value: true, enumerable: false });
  takeChannel(OPTIMIZER_CHANNEL_EVENT, OPTIMIZER_READY_EVENT, listenForLazyImages);
  installResponseCache();
}
