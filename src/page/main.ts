/**
 * The page-world script injected into every captured page: it tells the content script the
 * method of each fetch/XHR (Resource Timing does not carry it). It is tiny and defensive: the
 * wrappers call the originals first-class, never throw into the page, and change no behaviour.
 * The hints of one task travel as one message, sent in a microtask (before any response of
 * those requests can arrive). The optimizer's page-world half is a separate script
 * (optimizer-main.ts), injected only where a strategy is on.
 */
import { MAX_HINTS_PER_BATCH, PAGE_CHANNEL_EVENT, PAGE_PROTOCOL, PAGE_READY_EVENT, PAGE_SOURCE } from '../shared/page-protocol';
import { takeChannel } from './channel';

declare global {
  interface Window {
    __adminPerformancePage?: boolean;
  }
}

// Taken before any page script runs, so a page cannot patch what this script uses to talk.
const postToPort = MessagePort.prototype.postMessage;
const apply = Reflect.apply;
const microtask = queueMicrotask;
let channel: MessagePort | null = null;
let pending: [string, string][] = [];

function flush(): void {
  const hints = pending;
  pending = [];
  if (!channel) return;
  try {
    for (let i = 0; i < hints.length; i += MAX_HINTS_PER_BATCH) {
      apply(postToPort, channel, [{ source: PAGE_SOURCE, v: PAGE_PROTOCOL, type: 'requests', hints: hints.slice(i, i + MAX_HINTS_PER_BATCH) }]);
    }
  } catch {
    /* never disturb the page */
  }
}

function hint(url: unknown, method: unknown): void {
  if (!channel) return;
  try {
    if (!pending.length) microtask(flush);
    pending.push([new URL(String(url), location.href).href, String(method || 'GET').toUpperCase()]);
  } catch {
    /* never disturb the page */
  }
}

function install(): void {
  if (window.__adminPerformancePage) return;
  Object.defineProperty(window, '__adminPerformancePage', { value: true, enumerable: false });

  const originalFetch = window.fetch;
  if (typeof originalFetch === 'function') {
    const wrapped = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      try {
        const isRequest = typeof Request !== 'undefined' && input instanceof Request;
        hint(isRequest ? input.url : input, init?.method ?? (isRequest ? input.method : 'GET'));
      } catch {
        /* ignore */
      }
      return originalFetch.call(this === undefined ? window : this, input, init);
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
}

takeChannel(PAGE_CHANNEL_EVENT, PAGE_READY_EVENT, (port) => {
  channel = port;
});
install();
