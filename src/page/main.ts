/**
 * The only code in the page's own JavaScript world. It tells the content script the method of
 * each fetch/XHR (Resource Timing does not carry it). It is tiny and defensive: the wrappers
 * call the originals first-class, never throw into the page, and change no behaviour.
 */
import { isLazyImagesCommand, PAGE_CHANNEL_EVENT, PAGE_PROTOCOL, PAGE_READY_EVENT, PAGE_SOURCE } from '../shared/page-protocol';
import { installLazyImageHook, type UninstallLazyImageHook } from './lazy-image-hook';
import { ResponseCacheClient } from './response-cache-client';

declare global {
  interface Window {
    __adminPerformancePage?: boolean;
  }
}

// Taken before any page script runs, so a page cannot patch what this script uses to talk.
const postToPort = MessagePort.prototype.postMessage;
const apply = Reflect.apply;
let channel: MessagePort | null = null;

function hint(url: unknown, method: unknown): void {
  if (!channel) return;
  try {
    const absolute = new URL(String(url), location.href).href;
    apply(postToPort, channel, [{ source: PAGE_SOURCE, v: PAGE_PROTOCOL, type: 'request', url: absolute, method: String(method || 'GET').toUpperCase() }]);
  } catch {
    /* never disturb the page */
  }
}

/** Takes the content script's private port (the first one offered, at document_start) and ignores any later offer. */
function takeChannel(onPort: (port: MessagePort) => void): void {
  const take = (event: Event) => {
    const port = (event as MessageEvent).ports?.[0];
    if (channel || !port) return;
    channel = port;
    event.preventDefault();
    window.removeEventListener(PAGE_CHANNEL_EVENT, take);
    onPort(port);
  };
  window.addEventListener(PAGE_CHANNEL_EVENT, take);
  // If the content script ran first, this asks it to offer the port now.
  window.dispatchEvent(new Event(PAGE_READY_EVENT, { cancelable: true }));
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

/** The page-world half of "Lazy-load offscreen images": installed only while the content script's channel says so. */
function listenForOptimizer(port: MessagePort): void {
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

takeChannel(listenForOptimizer);
install();
