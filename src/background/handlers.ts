import type { Runtime } from 'webextension-polyfill';
import type { PanelReplies, PanelRequests } from '../shared/protocol';
import type { CaptureHost } from './capture-host';
import type { PanelHub } from './panel-host';
import type { SessionStore } from '../storage/session-store';

/** What every capability's request handlers can use. */
export interface BackgroundContext {
  store: Promise<SessionStore>;
  panels: PanelHub;
  capture: CaptureHost;
  /**
   * Applies the retention limits (never evicting a recording session or one in `keep`),
   * refreshes the storage figures every panel shows, and returns the evicted session ids.
   */
  enforceRetention(keep?: ReadonlySet<string>): Promise<string[]>;
}

export type Handler<K extends keyof PanelRequests> = (args: PanelRequests[K], port: Runtime.Port) => Promise<PanelReplies[K]>;

/** A capability's handlers: one per request name it adds to the protocol. */
export type HandlerMap<Names extends keyof PanelRequests> = { [K in Names]: Handler<K> };
