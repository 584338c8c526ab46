import { pageRulesFor, RESPONSE_CACHE_SETTINGS_KEY } from '../../shared/response-cache-page-rules';
import { RC_HOT_DROP } from '../../shared/response-cache-protocol';
import { startResponseCacheRelay, type ListenForDrops, type SendToBackground } from '../response-cache-relay';
import type { Applier, ApplierContext } from './types';

/**
 * Switches the page-world response-cache client on (with this page's rule patterns, so requests
 * no rule covers never wait for a round trip) and relays it to the background, which decides
 * everything else. Revert switches the client off and stops the relay: every request goes to
 * the network again.
 */
export function createCacheRepeatedApiCallsApplier(send: SendToBackground, readSettings: () => Promise<unknown>, listenForDrops?: ListenForDrops): Applier<'cache-repeated-api-calls'> {
  return {
    id: 'cache-repeated-api-calls',
    apply(ctx: ApplierContext<'cache-repeated-api-calls'>) {
      const controller = new AbortController();
      const stop = () => controller.abort();
      ctx.signal.addEventListener('abort', stop, { once: true });
      readSettings()
        .then((raw) => {
          if (controller.signal.aborted) return;
          startResponseCacheRelay(ctx.win, send, pageRulesFor(raw, ctx.win.location.href), controller.signal, listenForDrops);
        })
        .catch((error: unknown) => ctx.report(error));
      return stop;
    },
  };
}

/** The extension API, looked up when used (not at import, so the appliers load in unit tests too). */
interface ExtensionApi {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(listener: (message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => boolean | undefined): void;
      removeListener(listener: (message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => boolean | undefined): void;
    };
  };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
}
const extensionApi = (): ExtensionApi | null => {
  const scope = globalThis as { browser?: ExtensionApi; chrome?: ExtensionApi };
  const api = scope.browser ?? scope.chrome;
  return api?.runtime && api.storage ? api : null;
};

export const cacheRepeatedApiCallsApplier = createCacheRepeatedApiCallsApplier(
  async (message) => {
    const api = extensionApi();
    if (!api) throw new Error('the extension API is not available here');
    return api.runtime.sendMessage(message);
  },
  // No stored rules (or no extension API): the default rule.
  async () => (await extensionApi()?.storage.local.get(RESPONSE_CACHE_SETTINGS_KEY))?.[RESPONSE_CACHE_SETTINGS_KEY],
  (onDrop) => {
    const api = extensionApi();
    if (!api) return () => {};
    // Answered once dropped: the background waits for it before a write's response reaches its page.
    const listener = (message: unknown, _sender: unknown, sendResponse: (response: unknown) => void) => {
      if ((message as { type?: unknown } | null)?.type !== RC_HOT_DROP) return undefined;
      onDrop();
      sendResponse({ dropped: true });
      return undefined;
    };
    api.runtime.onMessage.addListener(listener);
    return () => api.runtime.onMessage.removeListener(listener);
  },
);
