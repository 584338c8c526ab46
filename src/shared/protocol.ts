/**
 * The message protocol between the extension's contexts: one map per direction, with a
 * protocol version. Everything arriving at the background from a content script or a page
 * is validated against src/shared/capture-schema.ts before it is used.
 */
import type { BrowserSupport } from '../core/metrics/browser-support';
import type { NetworkEntry } from '../core/capture/network-enrichment';
import type { AlertsReplies, AlertsRequests } from './protocol-alerts';
import type { OptimizerReplies, OptimizerRequests } from './protocol-optimizer';
import type { OtlpReplies, OtlpRequests } from './protocol-otlp';
import type { SessionsReplies, SessionsRequests } from './protocol-sessions';
import type { SimulatorReplies, SimulatorRequests } from './protocol-simulator';
import type { CacheReplies, CacheRequests } from './protocol-cache';
import type {
  LongFrameSample,
  MemorySample,
  RequestRecord,
  Session,
  SessionData,
  VitalSample,
  View,
} from '../core/model';

export const PROTOCOL_VERSION = 1;

export const CAPTURE_PORT = 'ap-capture';
export const PANEL_PORT = 'ap-panel';

/** A view as the content script announces it (the background adds sessionId and strategies). */
export interface ViewStart {
  kind: 'view';
  id: string;
  url: string;
  startTime: number;
  viewKind: 'hard' | 'soft';
  navigationType: string;
  /** What the browser exposes; sent with hard loads. */
  support?: BrowserSupport;
}

/** One captured thing inside a batch. */
export type CaptureItem = ViewStart | VitalSample | LongFrameSample | MemorySample | RequestRecord;

/** Content script -> background, over the capture port. */
export interface ContentToBackground {
  hello: {
    type: 'hello';
    protocol: number;
    /** Random id of this document's capture (one per page load). */
    pageId: string;
    url: string;
    title: string;
  };
  batch: {
    type: 'batch';
    pageId: string;
    /** 1, 2, 3... per pageId; the background drops a seq it has already committed. */
    seq: number;
    items: CaptureItem[];
    /** Items the content script had to drop because its bounded queue was full. */
    dropped: number;
    /** Messages from the page world the content script rejected since the last batch. */
    rejected: number;
  };
}
export type ContentMessage = ContentToBackground[keyof ContentToBackground];

/** Background -> content script. */
export interface BackgroundToContent {
  ack: { type: 'ack'; seq: number };
  /**
   * Whether the page should collect now ("capture only while DevTools is open") and whether a
   * panel or DevTools watches its tab (then batches go out sooner); sent after hello and on each change.
   */
  capture: { type: 'capture'; on: boolean; live?: boolean };
}
export type BackgroundContentMessage = BackgroundToContent[keyof BackgroundToContent];

/** What the panel shows about capture health. */
export interface CaptureStatus {
  tabId: number;
  recording: boolean;
  sessionId: string | null;
  /** Messages dropped at the background boundary because they failed validation. */
  rejectedMessages: number;
  /** Duplicate batches dropped (resends after a worker restart). */
  duplicateBatches: number;
  /** Items dropped by content scripts' bounded queues. */
  droppedItems: number;
  /** Whether the extension has host access to the tab's origin. */
  hostAccess: boolean;
  origin: string | null;
  retention: RetentionStatus;
  /** The last storage error for this tab, cleared by the next successful commit. */
  error: string | null;
  /** Set once the tab's session reached its own size cap: the cap, and how many items were not stored since. */
  sessionCap: { maxBytes: number; notStored: number } | null;
  /** The user's switch: capture only tabs with a DevTools window of ours open. */
  onlyWithDevTools: boolean;
}

export interface RetentionStatus {
  sessions: number;
  bytes: number;
  maxSessions: number;
  maxBytes: number;
  evicted: number;
}

/** Panel -> background requests of the capture core; each gets a reply with the same id. */
export interface CoreRequests {
  subscribe: { tabId: number };
  status: { tabId: number };
  setRecording: { tabId: number; recording: boolean };
  enableSite: { tabId: number; origin: string };
  listSessions: Record<string, never>;
  loadSession: { sessionId: string };
  /** DevTools' network details of finished requests, from the extension's DevTools page. */
  attachNetwork: { tabId: number; entries: NetworkEntry[] };
  /** The extension's DevTools page announces the tab it is open on (it counts as DevTools being open there). */
  inspect: { tabId: number };
  /** Switches "capture only while DevTools is open" on or off, for every tab. */
  setOnlyWithDevTools: { tabId: number; on: boolean };
}

export interface CoreReplies {
  subscribe: { status: CaptureStatus; data: SessionData | null };
  status: CaptureStatus;
  setRecording: CaptureStatus;
  enableSite: CaptureStatus;
  listSessions: Session[];
  loadSession: SessionData | null;
  /** Entries merged into stored requests now, and entries kept to retry (their record is not stored yet). */
  attachNetwork: { matched: number; pending: number };
  inspect: { tabId: number };
  setOnlyWithDevTools: CaptureStatus;
}

/**
 * Every capability adds its own request and reply maps (src/shared/protocol-<capability>.ts);
 * these are their union, which the bridge and the background router are typed by.
 */
export type PanelRequests = CoreRequests & OptimizerRequests & SessionsRequests & SimulatorRequests & OtlpRequests & AlertsRequests & CacheRequests;
export type PanelReplies = CoreReplies & OptimizerReplies & SessionsReplies & SimulatorReplies & OtlpReplies & AlertsReplies & CacheReplies;

export type PanelRequestName = keyof PanelRequests;

export type PanelToBackground = {
  [K in PanelRequestName]: { type: 'request'; id: number; name: K; args: PanelRequests[K] };
}[PanelRequestName];

/** Background -> panel pushes. */
export interface BackgroundToPanel {
  reply: { type: 'reply'; id: number; ok: true; result: unknown } | { type: 'reply'; id: number; ok: false; error: string };
  /** New items stored for the subscribed tab's current session. */
  append: {
    type: 'append';
    sessionId: string;
    views: View[];
    samples: SessionData['samples'];
    requests: RequestRecord[];
    /** The session's totals after this commit: lets the panel skip what it already loaded and spot gaps. */
    counts: Session['counts'];
  };
  /** A new session started in the subscribed tab (e.g. recording restarted). */
  session: { type: 'session'; data: SessionData };
  status: { type: 'status'; status: CaptureStatus };
  /** The tab's alerts, budgets or automatic actions changed: ask for the Alerts view again. */
  alerts: { type: 'alerts' };
  /** Progress of a long task started by the panel (A/B run, simulation, export, import). */
  progress: { type: 'progress'; task: string; fraction: number; message: string };
}
export type BackgroundPanelMessage = BackgroundToPanel[keyof BackgroundToPanel];
