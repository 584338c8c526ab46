import browser from 'webextension-polyfill';
import type { CaptureStatus } from '../shared/protocol';
import type { Retention } from '../storage/retention';
import type { TabState } from './tab-state';

/** The one place a tab's capture status is assembled, and where its last storage error is kept. */
export interface CaptureStatusBoard {
  of(tabId: number): Promise<CaptureStatus>;
  /** Remembers a storage error for the tab until the next successful commit. */
  reportError(tabId: number, message: string): void;
  /** Forgets the tab's storage error; true if there was one (its panels need the new status). */
  clearError(tabId: number): boolean;
}

/** Where the parts of a capture status come from. */
export interface CaptureStatusSources {
  tabState: TabState;
  retention: Retention;
  hasHostAccess: (url: string | undefined) => Promise<boolean>;
}

/** Creates the status board of one service-worker run (storage errors live in memory only). */
export function createCaptureStatus({ tabState, retention, hasHostAccess }: CaptureStatusSources): CaptureStatusBoard {
  const errors = new Map<number, string>();
  return {
    async of(tabId) {
      const [sessionId, paused, counters, tab] = await Promise.all([
        tabState.activeSession(tabId),
        tabState.isPaused(tabId),
        tabState.counters(),
        browser.tabs.get(tabId).catch(() => undefined),
      ]);
      let origin: string | null = null;
      try {
        origin = tab?.url ? new URL(tab.url).origin : null;
      } catch {
        origin = null;
      }
      return {
        tabId,
        recording: !paused,
        sessionId,
        rejectedMessages: counters.rejectedMessages,
        duplicateBatches: counters.duplicateBatches,
        droppedItems: counters.droppedItems,
        hostAccess: await hasHostAccess(tab?.url),
        origin,
        retention: { ...retention.figures(), evicted: counters.evicted },
        error: errors.get(tabId) ?? null,
      };
    },
    reportError(tabId, message) {
      errors.set(tabId, message);
    },
    clearError: (tabId) => errors.delete(tabId),
  };
}
