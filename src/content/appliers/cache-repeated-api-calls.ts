import { pageRulesFor, RESPONSE_CACHE_SETTINGS_KEY } from '../../shared/response-cache-page-rules';
import { RC_HOT_DROP, RC_PORT } from '../../shared/response-cache-protocol';
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

/** The part of a runtime.Port the relay uses. */
interface RelayPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** The extension API, looked up when used (not at import, so the appliers load in unit tests too). */
interface ExtensionApi {
  runtime: {
    connect(info: { name: string }): RelayPort;
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

/**
 * Sends over one port to the background (RC_PORT), opened on first use and again after the worker
 * stopped: messages in flight when it closes are answered with an error (the page goes to the network).
 */
function portSender(): SendToBackground {
  let port: RelayPort | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (answer: unknown) => void; reject: (error: Error) => void }>();
  const open = (api: ExtensionApi): RelayPort => {
    const opened = api.runtime.connect({ name: RC_PORT });
    opened.onMessage.addListener((raw) => {
      const { id, answer } = (raw ?? {}) as { id?: unknown; answer?: unknown };
      if (typeof id !== 'number') return;
      waiting.get(id)?.resolve(answer);
      waiting.delete(id);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
      for (const { reject } of waiting.values()) reject(new Error('the background closed the response-cache port'));
      waiting.clear();
    });
    return opened;
  };
  return (message) =>
    new Promise((resolve, reject) => {
      const api = extensionApi();
      if (!api) return reject(new Error('the extension API is not available here'));
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      try {
        port ??= open(api);
        port.postMessage({ id, message });
      } catch (error) {
        waiting.delete(id);
        port = null;
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
}

export const cacheRepeatedApiCallsApplier = createCacheRepeatedApiCallsApplier(
  portSender(),
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
