import type { Runtime } from 'webextension-polyfill';
import type { PanelReplies, PanelRequests } from '../shared/protocol';
import type { Retention } from '../storage/retention';
import type { SessionStore } from '../storage/session-store';
import type { AlertsHost } from './alerts-host';
import type { CacheHost } from './cache-host';
import type { CaptureHost } from './capture-host';
import type { CaptureStatusBoard } from './capture-status';
import type { CaptureGate } from './capture-gate';
import type { DevToolsPresence } from './devtools-presence';
import type { NetworkEnricher } from './network-enricher';
import type { OtlpSender } from './otlp-host';
import type { PanelHub } from './panel-host';
import type { TabState } from './tab-state';

/** What every capability's request handlers can use. */
export interface BackgroundContext {
  store: Promise<SessionStore>;
  panels: PanelHub;
  capture: CaptureHost;
  /** Which tabs have a DevTools window of ours open. */
  presence: DevToolsPresence;
  /** "Capture only while DevTools is open": the switch and its answer per tab. */
  gate: CaptureGate;
  /** The cache engine and the response cache. */
  cache: CacheHost;
  tabState: TabState;
  status: CaptureStatusBoard;
  network: NetworkEnricher;
  /** Never evicts a recording session; each pass refreshes the storage figures every panel shows. */
  retention: Retention;
  /** Budgets and alerts: evaluation after commits, the badge, automated triggers. */
  alerts: AlertsHost;
  /** Registers the content scripts for the origins the user granted. */
  syncSites: () => Promise<void>;
  /** Sends finished sessions to the user's OTLP endpoint, when turned on. */
  otlp: OtlpSender;
}

export type Handler<K extends keyof PanelRequests> = (args: PanelRequests[K], port: Runtime.Port) => Promise<PanelReplies[K]>;

/** A capability's handlers: one per request name it adds to the protocol. */
export type HandlerMap<Names extends keyof PanelRequests> = { [K in Names]: Handler<K> };

/** One handler per panel request name: the map every capability contributes to. */
export type PanelHandlers = { [K in keyof PanelRequests]: Handler<K> };
