/**
 * The few extension APIs the content script uses, read from the browser's own global: Firefox
 * has `browser`, Chromium `chrome`, and for these calls both have the same shape (MV3 Chromium
 * returns a promise from storage.local.get). The content script is injected into every page,
 * and webextension-polyfill alone was about 2.8 KB gzipped of it (a sixth), with a wrapper
 * around every port message.
 */

/** An event of the extension API (only what the content script calls). */
export interface ExtensionEvent<Listener> {
  addListener(listener: Listener): void;
}

/** A runtime port (runtime.connect). */
export interface ExtensionPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: ExtensionEvent<(message: unknown) => void>;
  onDisconnect: ExtensionEvent<() => void>;
}

/** What of storage.onChanged's change record the content script reads. */
export interface StorageChange {
  newValue?: unknown;
}

/** The subset of the WebExtension API the content script needs. */
export interface ContentExtensionApi {
  runtime: {
    id?: string;
    connect(info: { name: string }): ExtensionPort;
    /** Answer with sendResponse and return true to answer asynchronously (works in both browsers). */
    onMessage: ExtensionEvent<(message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => boolean | undefined>;
  };
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>> };
    onChanged: ExtensionEvent<(changes: Record<string, StorageChange>, area: string) => void>;
  };
}

/** The extension API of this browser, or undefined once the extension is gone (an orphaned script). */
export function extensionApi(): ContentExtensionApi | undefined {
  const g = globalThis as { browser?: ContentExtensionApi; chrome?: ContentExtensionApi };
  return g.browser?.runtime ? g.browser : g.chrome?.runtime ? g.chrome : undefined;
}
