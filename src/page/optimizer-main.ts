/**
 * The optimizer's page-world script, injected only into pages of sites where a strategy is on
 * (registered by src/background/optimizer-scripts.ts): the page-world half of "Lazy-load
 * offscreen images" (switched over a private channel from the content optimizer script) and the
 * response-cache client (inert until "Cache repeated API calls" switches it on). Like the capture
 * hook it never throws into the page and changes nothing while its strategies are off.
 */
import { isLazyImagesCommand, LAZY_AT_START_EVENT, LAZY_AT_START_FLAG, OPTIMIZER_CHANNEL_EVENT, OPTIMIZER_READY_EVENT } from '../shared/page-protocol';
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

/**
 * The page-world half of "Lazy-load offscreen images": installed while the content optimizer
 * script says so (over the private channel), and from document_start where the site has it on for
 * some page (the at-start hint): the marks made before the toggles arrive are then kept if this
 * page has it on, and undone (the images load at once) if it has not.
 */
class LazyImages {
  private uninstall: UninstallLazyImageHook | null = null;
  private decided = false;
  private exclude = new Set<string>();

  constructor() {
    const early = () => {
      if (!this.decided) this.install();
    };
    if ((window as unknown as Record<string, unknown>)[LAZY_AT_START_FLAG] === true) early();
    else window.addEventListener(LAZY_AT_START_EVENT, early, { once: true });
  }

  listen(port: MessagePort): void {
    port.addEventListener('message', (event: MessageEvent) => {
      if (!isLazyImagesCommand(event.data)) return;
      this.decided = true;
      this.exclude = new Set(event.data.exclude);
      if (event.data.enabled) this.install();
      else if (this.uninstall) {
        this.uninstall();
        this.uninstall = null;
      }
    });
    port.start();
  }

  private install(): void {
    this.uninstall ??= installLazyImageHook(window, () => true, { isExcluded: (url) => this.exclude.has(url) });
  }
}

if (!window.__adminPerformanceOptimizerPage) {
  Object.defineProperty(window, '__adminPerformanceOptimizerPage', { value: true, enumerable: false });
  const lazyImages = new LazyImages();
  takeChannel(OPTIMIZER_CHANNEL_EVENT, OPTIMIZER_READY_EVENT, (port) => lazyImages.listen(port));
  installResponseCache();
}
