/**
 * The extension's DevTools page: loaded whenever DevTools opens on a tab. It registers the
 * "Admin Performance" panel (not "Performance": the built-in panel has that name) and, while
 * DevTools is open, sends what its network panel knows about each finished request (method,
 * status, content type, headers) to the background, which merges it into the recorded requests.
 */
import type { NetworkEntry } from '../core/capture/network-enrichment';
import { PanelBridge } from './bridge';

// Paths from the extension's root: Firefox resolves relative ones against this page's folder.
chrome.devtools.panels.create('Admin Performance', '/icons/icon16.png', '/src/panel/index.html');

const headers = (list: { name: string; value: string }[] | undefined) => (list ?? []).slice(0, 200).map((h) => ({ name: h.name.slice(0, 2048), value: h.value.slice(0, 8192) }));

/** A listener for finished requests that batches them to the background, at most every 500 ms. */
export function createNetworkForwarder(tabId: number, bridge: PanelBridge): (har: chrome.devtools.network.Request) => void {
  let queue: NetworkEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    timer = null;
    const entries = queue.splice(0, 2000);
    if (entries.length) bridge.request('attachNetwork', { tabId, entries }).catch(() => {});
    if (queue.length) timer = setTimeout(flush, 500);
  }

  return (har) => {
    const { request, response } = har;
    if (!request.url.startsWith('http') || request.url.length > 8192) return;
    queue.push({
      url: request.url,
      started: Date.parse(har.startedDateTime),
      method: request.method.slice(0, 16),
      status: Math.max(0, Math.min(999, response.status | 0)),
      mimeType: (response.content?.mimeType ?? '').slice(0, 2048),
      requestHeaders: headers(request.headers),
      responseHeaders: headers(response.headers),
    });
    if (queue.length > 10_000) queue.splice(0, queue.length - 10_000);
    timer ??= setTimeout(flush, 500);
  };
}

chrome.devtools.network.onRequestFinished.addListener(
  createNetworkForwarder(
    chrome.devtools.inspectedWindow.tabId,
    new PanelBridge(() => {}, () => {}),
  ),
);
