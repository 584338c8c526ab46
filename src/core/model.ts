/**
 * The captured data model, shared by every context and by the command-line tools.
 * Pure types: no browser API. All times are epoch milliseconds (performance.timeOrigin +
 * performance.now()) unless a field says otherwise; all durations are milliseconds; sizes bytes.
 */
import type { BrowserSupport } from './metrics/browser-support';

export type VitalName = 'LCP' | 'INP' | 'CLS' | 'FCP' | 'TTFB';
export const VITAL_NAMES: readonly VitalName[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];

export type Rating = 'good' | 'needs-improvement' | 'poor';

/** Attribution as plain data: selector strings, numbers, never DOM references. */
export type Attribution = Record<string, string | number | boolean | null>;

/** One report of a Core Web Vital (web-vitals reports every change). */
export interface VitalSample {
  kind: 'vital';
  /** Epoch ms when the value was reported. */
  t: number;
  viewId: string;
  name: VitalName;
  /** ms for time metrics, unitless for CLS. */
  value: number;
  delta: number;
  rating: Rating;
  /** web-vitals' metric id (stable across reports of one metric instance). */
  metricId: string;
  navigationType: string;
  attribution: Attribution;
}

/** A script inside a long animation frame. */
export interface FrameScript {
  sourceURL: string;
  invoker: string;
  invokerType: string;
  /** ms */
  duration: number;
  /** ms */
  forcedStyleAndLayoutDuration: number;
}

/** A long animation frame (or a long task where LoAF is unsupported). */
export interface LongFrameSample {
  kind: 'loaf';
  /** Epoch ms of the frame start. */
  t: number;
  viewId: string;
  source: 'long-animation-frame' | 'longtask';
  /** ms */
  duration: number;
  /** ms beyond 50 ms of the longest task in the frame (LoAF blockingDuration). */
  blockingDuration: number;
  /** ms from frame start, or null when unknown. */
  renderStart: number | null;
  styleAndLayoutStart: number | null;
  scripts: FrameScript[];
}

/** Memory and DOM size, sampled about once a second while the page is visible. */
export interface MemorySample {
  kind: 'memory';
  t: number;
  viewId: string;
  /** Bytes, or null where the browser does not expose performance.memory. */
  heapUsed: number | null;
  heapTotal: number | null;
  domNodes: number;
}

export type MetricSample = VitalSample | LongFrameSample | MemorySample;

export interface ServerTimingEntry {
  name: string;
  /** ms */
  duration: number;
  description: string;
}

/** Phases of a request, in ms (0 where the browser did not expose them, e.g. cross-origin without TAO). */
export interface RequestPhases {
  redirect: number;
  dns: number;
  connect: number;
  tls: number;
  /** Request sent until first response byte (server time + one round trip). */
  waiting: number;
  download: number;
}

/** One request, from Resource Timing (enriched by DevTools network data when available). */
export interface RequestRecord {
  kind: 'request';
  viewId: string;
  /** Epoch ms of fetchStart/startTime. */
  t: number;
  url: string;
  /** Resource Timing initiatorType: fetch, xmlhttprequest, img, script, link, css, navigation, ... */
  initiatorType: string;
  /** ms */
  duration: number;
  phases: RequestPhases;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  /** HTTP status, 0 when unknown. */
  status: number;
  serverTiming: ServerTimingEntry[];
  /** 'blocking' | 'non-blocking' | '' */
  renderBlocking: string;
  /** Served from the HTTP cache (or memory cache) without network. */
  cached: boolean;
  /** nextHopProtocol, e.g. h2, http/1.1 */
  protocol: string;
  /** Present when DevTools network data was attached. */
  method?: string;
  mimeType?: string;
  requestHeaders?: { name: string; value: string }[];
  responseHeaders?: { name: string; value: string }[];
}

/** A hard page load or an SPA soft navigation. */
export interface View {
  id: string;
  sessionId: string;
  url: string;
  /** Epoch ms */
  startTime: number;
  kind: 'hard' | 'soft';
  /** navigate, reload, back_forward, push, replace, traverse, ... */
  navigationType: string;
  /** Optimizer strategy ids that were on for this view. */
  strategies: string[];
  /** What the browser exposed, reported with each hard load (absent on soft views and older data). */
  support?: BrowserSupport;
}

export interface Session {
  id: string;
  /** The tab it was captured in; -1 for imported sessions. */
  tabId: number;
  name: string;
  /** URL of the first view. */
  url: string;
  title: string;
  /** Epoch ms */
  startTime: number;
  /** Epoch ms, null while recording. */
  endTime: number | null;
  /** Where it came from. */
  origin: 'captured' | 'imported-json' | 'imported-har';
  /** Counters kept up to date by the recorder (for the list without scanning stores). */
  counts: { views: number; samples: number; requests: number; alerts: number };
  /** Approximate stored bytes (JSON length of everything stored for it). */
  bytes: number;
  /** What the capturing browser exposed (from its latest hard load); absent on older data and HAR imports. */
  support?: BrowserSupport;
}

export type AlertSeverity = 'warning' | 'critical';

export interface AlertRecord {
  kind: 'alert';
  id: string;
  viewId: string;
  t: number;
  ruleId: string;
  metric: string;
  value: number;
  threshold: number;
  severity: AlertSeverity;
  message: string;
  /** URL of the view that fired it. */
  url?: string;
  /** Unit of value and threshold: ms, B, count or unitless. */
  unit?: string;
  /** The page (origin + path) the rule's trigger looked at. */
  pageKey?: string;
  /** Epoch ms when it cleared; null (or absent) while open. */
  clearedAt?: number | null;
  /** The view after which it cleared; null when a rule change or removal cleared it. */
  clearedViewId?: string | null;
  /** Epoch ms when someone acknowledged it in the panel. */
  acknowledgedAt?: number | null;
}

/** Something the extension did by itself because an alert fired (an automated optimization trigger). */
export interface AutomaticActionRecord {
  kind: 'automatic-action';
  id: string;
  /** The alert that caused it. */
  alertId: string;
  ruleId: string;
  /** What was done: an optimizer strategy switched on for a URL pattern. */
  strategyId: string;
  pattern: string;
  /** Epoch ms when it was switched on. */
  t: number;
  /** Why, in words: the alert's message. */
  reason: string;
  /** measuring: waiting for loads; kept: the proof shows no harm; reverted: switched off because it made things worse; undone: by the user. */
  status: 'measuring' | 'kept' | 'reverted' | 'undone';
  /** Epoch ms of the last status change. */
  decidedAt: number | null;
  /** The proof behind the decision, in words ("LCP regressed 40% (p = 0.004)"), and per metric. */
  evidence: AutomaticActionEvidence | null;
  /** The strategies switched on for the pattern before, restored by an undo. */
  previousStrategies: string[];
}

/** The before/after proof an automatic decision rests on. */
export interface AutomaticActionEvidence {
  summary: string;
  loadsBefore: number;
  loadsAfter: number;
  method: string;
  metrics: { metric: string; medianBefore: number | null; medianAfter: number | null; changePercent: number | null; pValue: number | null; verdict: string }[];
}

/** Everything one session holds: what exporters read and importers produce. */
export interface SessionData {
  session: Session;
  views: View[];
  samples: MetricSample[];
  requests: RequestRecord[];
  alerts: AlertRecord[];
  /** Automatic actions taken because an alert of this session fired (absent in files of older versions). */
  actions?: AutomaticActionRecord[];
}
