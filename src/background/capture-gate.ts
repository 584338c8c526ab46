import browser from 'webextension-polyfill';
import { CAPTURE_ONLY_WITH_DEVTOOLS_KEY, readCaptureOnlyWithDevTools } from '../shared/capture-settings';
import type { DevToolsPresence } from './devtools-presence';

/**
 * Whether a tab may be captured now: always, unless the user switched on "capture only while
 * DevTools is open" and no DevTools window of ours is open on the tab.
 */
export interface CaptureGate {
  allows(tabId: number): Promise<boolean>;
  /** Whether a panel or DevTools window of ours watches the tab (its pages then send batches sooner). */
  watched(tabId: number): Promise<boolean>;
  onlyWithDevTools(): Promise<boolean>;
  setOnlyWithDevTools(on: boolean): Promise<boolean>;
  /** Calls `listener` with a tab whose answer may have changed, or null when it may have for every tab. */
  onChange(listener: (tabId: number | null) => void): void;
}

export function createCaptureGate(presence: DevToolsPresence, area: Pick<typeof browser.storage.local, 'get' | 'set'> = browser.storage.local): CaptureGate {
  let cached: Promise<boolean> | null = null;
  const listeners = new Set<(tabId: number | null) => void>();
  const read = () => (cached ??= area.get(CAPTURE_ONLY_WITH_DEVTOOLS_KEY).then((s) => readCaptureOnlyWithDevTools(s[CAPTURE_ONLY_WITH_DEVTOOLS_KEY]), () => false));
  presence.onChange((tabId) => listeners.forEach((l) => l(tabId)));
  browser.storage.onChanged.addListener((changes, areaName) => {
    if (areaName !== 'local' || !(CAPTURE_ONLY_WITH_DEVTOOLS_KEY in changes)) return;
    cached = Promise.resolve(readCaptureOnlyWithDevTools(changes[CAPTURE_ONLY_WITH_DEVTOOLS_KEY]?.newValue));
    listeners.forEach((l) => l(null));
  });
  return {
    async allows(tabId) {
      return !(await read()) || presence.has(tabId);
    },
    watched: (tabId) => presence.has(tabId),
    onlyWithDevTools: read,
    async setOnlyWithDevTools(on) {
      await area.set({ [CAPTURE_ONLY_WITH_DEVTOOLS_KEY]: on });
      cached = Promise.resolve(on);
      listeners.forEach((l) => l(null));
      return on;
    },
    onChange(listener) {
      listeners.add(listener);
    },
  };
}
