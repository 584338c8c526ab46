/**
 * What the optimizer knows about one page on one device: facts derived from the captured
 * session (the loads of that page), the environment, and optional facts the content script
 * reads from the live DOM.
 *
 * Per-load numbers are medians over the loads considered; per-origin and per-script times are
 * means per load. Loads considered are the views whose URL matches the page's pattern and that
 * ran with no optimization on (the baseline); when there is no such view, all matching views.
 */
import { apiEndpointCalls, type ApiEndpointCalls } from '../cache/repeated-endpoints';
import type {
  Attribution,
  LongFrameSample,
  MemorySample,
  MetricSample,
  RequestRecord,
  SessionData,
  View,
  VitalName,
  VitalSample,
} from '../model';
import { latestVitals } from '../metrics/summary';
import { VITAL_NAMES } from '../model';
import { median } from '../stats';
import { UNKNOWN_ENVIRONMENT, type OptimizerEnvironment } from './environment';
import { defaultPattern, matchesPattern } from './patterns';

export type { OptimizerEnvironment } from './environment';

/** An image as displayed, measured by the content script (for the oversized-images finding). */
export interface DisplayedImage {
  /** currentSrc of the image. */
  url: string;
  naturalWidth: number;
  naturalHeight: number;
  /** CSS pixels. */
  displayWidth: number;
  displayHeight: number;
  /** Encoded size from Resource Timing; 0 when unknown. */
  bytes: number;
}

/** Optional facts read from the live DOM by the content script. */
export interface DomFacts {
  /** Running CSS animations and transitions (document.getAnimations()). */
  runningAnimations?: number;
  /** <video> elements in the page. */
  videos?: number;
  /** <video> elements playing. */
  playingVideos?: number;
  /** Links to other pages of the same origin. */
  sameOriginLinks?: number;
}

/** The Largest Contentful Paint of the page. */
export interface LcpFacts {
  /** Median LCP over the loads, ms. */
  value: number;
  /** CSS selector of the LCP element in the latest load (web-vitals attribution `target`). */
  selector: string | null;
  /** Absolute URL of the LCP image, null when the LCP element is text. */
  url: string | null;
  /** The LCP resource had the same URL in every load that had one (safe to preload). */
  urlStable: boolean;
  /** Median ms from TTFB until the LCP resource started loading (attribution resourceLoadDelay). */
  resourceLoadDelay: number | null;
  /** Median ms the LCP resource took to load (attribution resourceLoadDuration). */
  resourceLoadDuration: number | null;
  /** Median ms from the view start until the LCP resource's request started (from requests). */
  requestStart: number | null;
}

/** A count of requests and their bytes, per load. */
export interface RequestGroup {
  count: number;
  bytes: number;
}

/**
 * Requests of one kind split by who asked for them. See {@link classifyInsertion} for the
 * heuristic that tells the initial HTML from script.
 */
export interface RequestsByInserter {
  /** Requested while the initial HTML was parsed: by the preload scanner or the parser. */
  html: RequestGroup;
  /** Requested later: by elements that scripts created or inserted. */
  script: RequestGroup;
  /** The load had no timing to decide (no navigation entry and no FCP). */
  unknown: RequestGroup;
}

/** Long animation frames (or long tasks) per load. */
export interface LongFrameFacts {
  count: number;
  /** Sum of frame durations, ms. */
  totalMs: number;
  /** Sum of blocking durations, ms. */
  blockingMs: number;
  /** Sum of rendering time (renderStart to frame end: rAF, style, layout, paint), ms. */
  renderMs: number;
  /** Sum of style and layout time (styleAndLayoutStart to frame end), ms. */
  styleAndLayoutMs: number;
  /** Longest frame, ms. */
  worstMs: number;
}

/** Connection setup to another origin during the first seconds of a load. */
export interface OriginConnection {
  /** e.g. "https://cdn.example.com" */
  origin: string;
  /** DNS + TCP + TLS ms per load. */
  connectMs: number;
  /** Requests per load. */
  requests: number;
  /** Some requests were CORS without credentials (fetch, XHR, fonts): need a crossorigin preconnect. */
  anonymous: boolean;
  /** Some requests were no-cors or credentialed (img, script, css): need a plain preconnect. */
  credentialed: boolean;
  /** Requests per load without connection timing (no Timing-Allow-Origin). */
  untimed: number;
}

/** One resource, for findings. */
export interface ResourceFact {
  url: string;
  /** Encoded (over-the-wire body) bytes, or transfer size when larger. */
  bytes: number;
  /** Median duration, ms. */
  durationMs: number;
}

/** Main-thread time of one script inside long animation frames. */
export interface ScriptTimeFact {
  url: string;
  /** ms per load. */
  ms: number;
}

/** Where the user went from this page, in the captured session. */
export interface NavigationFacts {
  /** Full page loads of another same-origin page, right after this one. */
  hardNext: number;
  /** Soft (SPA) navigations right after this page. */
  softNext: number;
  /** Same-origin pages opened next with a full load, most frequent first (no fragment). */
  likelyNext: { url: string; count: number }[];
}

/** Everything the strategies and findings read. */
export interface OptimizerInput {
  /** The page the plan is for. */
  url: string;
  /** The URL pattern whose views were considered. */
  pattern: string;
  environment: OptimizerEnvironment;
  /** Loads (views) the facts were derived from; 0 when nothing was captured yet. */
  loads: number;
  /** How many of those were hard page loads. */
  hardLoads: number;
  lcp: LcpFacts | null;
  /** Median over loads of the last reported value of each vital (ms; CLS unitless). */
  vitals: Record<VitalName, number | null>;
  /** Median over loads of the largest DOM size seen. */
  domNodes: number | null;
  longFrames: LongFrameFacts;
  /** <img> requests per load, excluding the LCP image. */
  imageRequests: RequestsByInserter;
  /** <iframe> requests per load. */
  iframeRequests: RequestsByInserter;
  /** Video and audio requests per load. */
  mediaRequests: RequestGroup;
  /** Cross-origin connections in the first {@link EARLY_WINDOW_MS}, most setup time first. */
  connections: OriginConnection[];
  /** Scripts by size, largest first (top 10). */
  largestScripts: ResourceFact[];
  /** Render-blocking resources, slowest first (top 10). */
  renderBlocking: ResourceFact[];
  /** Text responses (scripts, styles, JSON, HTML) sent without compression, largest first. */
  uncompressed: ResourceFact[];
  /** Scripts by main-thread time in long frames, most first (top 10). */
  mainThreadScripts: ScriptTimeFact[];
  navigation: NavigationFacts;
  /** Same-origin API GET endpoints (fetch/XHR) of the considered loads, most repeated first. */
  apiCalls: ApiEndpointCalls[];
  /** Images as displayed (natural vs. display size), when the content script collected them. */
  images?: DisplayedImage[];
  dom?: DomFacts;
}

/** What the caller adds to the session: the environment and optional DOM facts. */
export interface OptimizerInputExtras {
  environment?: OptimizerEnvironment;
  images?: DisplayedImage[];
  dom?: DomFacts;
  /** The pattern whose views to consider (default: {@link defaultPattern} of the URL). */
  pattern?: string;
}

/** Requests that start within this window after the view start count as part of its load. */
export const EARLY_WINDOW_MS = 10_000;

/**
 * Slack after the HTML and its render-blocking resources finished, within which an image
 * request still counts as coming from the initial HTML.
 */
export const PARSER_SLACK_MS = 100;

/** Derives the optimizer's input for the page at url from a captured session. */
export function optimizerInputFromSession(data: SessionData, url: string, extras: OptimizerInputExtras = {}): OptimizerInput {
  const pattern = extras.pattern ?? defaultPattern(url);
  const matching = data.views.filter((view) => matchesPattern(view.url, pattern));
  const baseline = matching.filter((view) => view.strategies.length === 0);
  const views = baseline.length > 0 ? baseline : matching;
  const byView = indexByView(data);
  const perView = views.map((view) => viewFacts(view, byView.get(view.id) ?? EMPTY_VIEW_RECORDS, url));
  const records = views.map((view) => byView.get(view.id) ?? EMPTY_VIEW_RECORDS);

  return {
    ...emptyOptimizerInput(url, extras),
    pattern,
    loads: views.length,
    hardLoads: views.filter((view) => view.kind === 'hard').length,
    lcp: lcpFacts(perView),
    vitals: vitalMedians(perView),
    domNodes: medianOrNull(perView.map((facts) => facts.domNodes)),
    longFrames: medianLongFrames(perView.map((facts) => facts.longFrames)),
    imageRequests: medianByInserter(perView.map((facts) => facts.images)),
    iframeRequests: medianByInserter(perView.map((facts) => facts.iframes)),
    mediaRequests: medianGroup(perView.map((facts) => facts.media)),
    connections: originConnections(views, records, url),
    largestScripts: largestScripts(records),
    renderBlocking: renderBlockingResources(records),
    uncompressed: uncompressedText(records),
    mainThreadScripts: mainThreadScripts(records),
    navigation: navigationFacts(data.views, pattern),
    apiCalls: apiEndpointCalls(records.flatMap((r) => r.requests), url),
  };
}

/** The input for a page with nothing captured yet (every strategy then says what it lacks). */
export function emptyOptimizerInput(url: string, extras: OptimizerInputExtras = {}): OptimizerInput {
  const input: OptimizerInput = {
    url,
    pattern: extras.pattern ?? defaultPattern(url),
    environment: extras.environment ?? UNKNOWN_ENVIRONMENT,
    loads: 0,
    hardLoads: 0,
    lcp: null,
    vitals: { LCP: null, INP: null, CLS: null, FCP: null, TTFB: null },
    domNodes: null,
    longFrames: { count: 0, totalMs: 0, blockingMs: 0, renderMs: 0, styleAndLayoutMs: 0, worstMs: 0 },
    imageRequests: emptyByInserter(),
    iframeRequests: emptyByInserter(),
    mediaRequests: { count: 0, bytes: 0 },
    connections: [],
    largestScripts: [],
    renderBlocking: [],
    uncompressed: [],
    mainThreadScripts: [],
    navigation: { hardNext: 0, softNext: 0, likelyNext: [] },
    apiCalls: [],
  };
  if (extras.images) input.images = extras.images;
  if (extras.dom) input.dom = extras.dom;
  return input;
}

// ---------------------------------------------------------------------------------------------
// Who inserted an image: the heuristic

/** Who caused a request: the initial HTML, a script, or unknown. */
export type Inserter = 'html' | 'script' | 'unknown';

/**
 * Epoch ms until which requests of a hard load count as coming from the initial HTML.
 *
 * The preload scanner requests the HTML's images while the document streams in; Chromium holds
 * low-priority requests back until the head's render-blocking resources are done ("tight
 * mode"), so the window ends when both the document response and the last render-blocking
 * resource have ended, plus {@link PARSER_SLACK_MS}. Images that scripts create or insert can
 * only be requested after those scripts were fetched and run, i.e. later. Without a navigation
 * entry, the first contentful paint bounds the window; without either, null (unknown).
 */
export function initialHtmlWindowEnd(view: View, requests: readonly RequestRecord[], fcpMs: number | null): number | null {
  const navigation = requests.find((request) => request.initiatorType === 'navigation');
  if (navigation) {
    const blockingEnds = requests.filter((request) => request.renderBlocking === 'blocking').map(requestEnd);
    return Math.max(requestEnd(navigation), ...blockingEnds) + PARSER_SLACK_MS;
  }
  return fcpMs !== null ? view.startTime + fcpMs : null;
}

/**
 * Who caused request: every request of a soft (SPA) navigation comes from script; in a hard
 * load, requests starting after {@link initialHtmlWindowEnd} come from script, earlier ones
 * from the initial HTML. (An image the author marked loading="lazy" in the HTML is requested
 * late too and counts as script; the lazy-load applier leaves it alone anyway.)
 */
export function classifyInsertion(request: RequestRecord, view: View, windowEnd: number | null): Inserter {
  if (view.kind === 'soft') return 'script';
  if (windowEnd === null) return 'unknown';
  return request.t > windowEnd ? 'script' : 'html';
}

// ---------------------------------------------------------------------------------------------
// Per view

interface ViewRecords {
  samples: MetricSample[];
  requests: RequestRecord[];
}

const EMPTY_VIEW_RECORDS: ViewRecords = { samples: [], requests: [] };

interface ViewFacts {
  view: View;
  lastVitals: Partial<Record<VitalName, VitalSample>>;
  domNodes: number | null;
  longFrames: LongFrameFacts;
  images: RequestsByInserter;
  iframes: RequestsByInserter;
  media: RequestGroup;
  lcpRequestStart: number | null;
}

function indexByView(data: SessionData): Map<string, ViewRecords> {
  const index = new Map<string, ViewRecords>();
  const recordsOf = (viewId: string) => {
    let records = index.get(viewId);
    if (!records) index.set(viewId, (records = { samples: [], requests: [] }));
    return records;
  };
  for (const sample of data.samples) recordsOf(sample.viewId).samples.push(sample);
  for (const request of data.requests) recordsOf(request.viewId).requests.push(request);
  return index;
}

function viewFacts(view: View, records: ViewRecords, pageUrl: string): ViewFacts {
  const lastVitals = latestVitals(records.samples);
  const lcpUrl = absoluteUrl(attributionString(lastVitals.LCP?.attribution, LCP_URL_KEYS), pageUrl);
  const windowEnd = initialHtmlWindowEnd(view, records.requests, lastVitals.FCP?.value ?? null);
  const early = records.requests.filter((request) => request.t - view.startTime <= EARLY_WINDOW_MS);
  const images = early.filter((request) => request.initiatorType === 'img' && request.url !== lcpUrl);
  const iframes = early.filter((request) => request.initiatorType === 'iframe');
  const lcpRequest = lcpUrl === null ? undefined : records.requests.find((request) => request.url === lcpUrl);
  return {
    view,
    lastVitals,
    domNodes: maxOrNull(records.samples.filter(isMemory).map((sample) => sample.domNodes)),
    longFrames: longFrameFacts(records.samples.filter(isLongFrame)),
    images: groupByInserter(images, view, windowEnd),
    iframes: groupByInserter(iframes, view, windowEnd),
    media: requestGroup(early.filter(isMediaRequest)),
    lcpRequestStart: lcpRequest ? lcpRequest.t - view.startTime : null,
  };
}

function longFrameFacts(frames: readonly LongFrameSample[]): LongFrameFacts {
  const facts: LongFrameFacts = { count: frames.length, totalMs: 0, blockingMs: 0, renderMs: 0, styleAndLayoutMs: 0, worstMs: 0 };
  for (const frame of frames) {
    facts.totalMs += frame.duration;
    facts.blockingMs += frame.blockingDuration;
    facts.renderMs += timeFrom(frame, frame.renderStart);
    facts.styleAndLayoutMs += timeFrom(frame, frame.styleAndLayoutStart);
    facts.worstMs = Math.max(facts.worstMs, frame.duration);
  }
  return facts;
}

/** ms from an offset inside the frame to its end (0 when the offset is unknown). */
export function timeFrom(frame: LongFrameSample, offset: number | null): number {
  return offset === null ? 0 : Math.max(0, frame.duration - offset);
}

function groupByInserter(requests: readonly RequestRecord[], view: View, windowEnd: number | null): RequestsByInserter {
  const groups = emptyByInserter();
  for (const request of requests) {
    const group = groups[classifyInsertion(request, view, windowEnd)];
    group.count += 1;
    group.bytes += requestBytes(request);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Across views

const LCP_SELECTOR_KEYS = ['target', 'element', 'selector'];
const LCP_URL_KEYS = ['url', 'lcpUrl'];

function lcpFacts(perView: readonly ViewFacts[]): LcpFacts | null {
  const withLcp = perView.filter((facts) => facts.lastVitals.LCP !== undefined);
  const latest = withLcp.reduce<ViewFacts | null>((a, b) => (a === null || b.view.startTime >= a.view.startTime ? b : a), null);
  if (!latest) return null;
  const urlOf = (facts: ViewFacts) => absoluteUrl(attributionString(facts.lastVitals.LCP?.attribution, LCP_URL_KEYS), facts.view.url);
  const urls = new Set(withLcp.map(urlOf).filter((url) => url !== null));
  const attributionMedian = (key: string) => medianOrNull(withLcp.map((facts) => attributionNumber(facts.lastVitals.LCP?.attribution, key)));
  return {
    value: median(withLcp.map((facts) => facts.lastVitals.LCP!.value))!,
    selector: attributionString(latest.lastVitals.LCP?.attribution, LCP_SELECTOR_KEYS),
    url: urlOf(latest),
    urlStable: urls.size === 1,
    resourceLoadDelay: attributionMedian('resourceLoadDelay'),
    resourceLoadDuration: attributionMedian('resourceLoadDuration'),
    requestStart: medianOrNull(withLcp.map((facts) => facts.lcpRequestStart)),
  };
}

function vitalMedians(perView: readonly ViewFacts[]): Record<VitalName, number | null> {
  const entries = VITAL_NAMES.map((name) => [name, medianOrNull(perView.map((facts) => facts.lastVitals[name]?.value ?? null))] as const);
  return Object.fromEntries(entries) as Record<VitalName, number | null>;
}

function medianLongFrames(all: readonly LongFrameFacts[]): LongFrameFacts {
  const of = (key: keyof LongFrameFacts) => median(all.map((facts) => facts[key])) ?? 0;
  return {
    count: of('count'),
    totalMs: of('totalMs'),
    blockingMs: of('blockingMs'),
    renderMs: of('renderMs'),
    styleAndLayoutMs: of('styleAndLayoutMs'),
    worstMs: of('worstMs'),
  };
}

function medianGroup(groups: readonly RequestGroup[]): RequestGroup {
  return { count: median(groups.map((g) => g.count)) ?? 0, bytes: median(groups.map((g) => g.bytes)) ?? 0 };
}

function medianByInserter(all: readonly RequestsByInserter[]): RequestsByInserter {
  return {
    html: medianGroup(all.map((groups) => groups.html)),
    script: medianGroup(all.map((groups) => groups.script)),
    unknown: medianGroup(all.map((groups) => groups.unknown)),
  };
}

function originConnections(views: readonly View[], records: readonly ViewRecords[], pageUrl: string): OriginConnection[] {
  const pageOrigin = originOf(pageUrl);
  const byOrigin = new Map<string, OriginConnection>();
  views.forEach((view, index) => {
    for (const request of records[index]!.requests) {
      const origin = originOf(request.url);
      if (origin === null || origin === pageOrigin || request.t - view.startTime > EARLY_WINDOW_MS) continue;
      let entry = byOrigin.get(origin);
      if (!entry) byOrigin.set(origin, (entry = { origin, connectMs: 0, requests: 0, anonymous: false, credentialed: false, untimed: 0 }));
      entry.requests += 1;
      entry.connectMs += request.phases.dns + request.phases.connect + request.phases.tls;
      if (!request.cached && isUntimed(request)) entry.untimed += 1;
      if (isAnonymousCors(request)) entry.anonymous = true;
      else entry.credentialed = true;
    }
  });
  const loads = Math.max(1, views.length);
  return [...byOrigin.values()]
    .map((entry) => ({ ...entry, connectMs: entry.connectMs / loads, requests: entry.requests / loads, untimed: entry.untimed / loads }))
    .sort((a, b) => b.connectMs - a.connectMs);
}

function largestScripts(records: readonly ViewRecords[]): ResourceFact[] {
  return uniqueResources(records, isScriptRequest).sort((a, b) => b.bytes - a.bytes).slice(0, 10);
}

function renderBlockingResources(records: readonly ViewRecords[]): ResourceFact[] {
  return uniqueResources(records, (request) => request.renderBlocking === 'blocking')
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 10);
}

function uncompressedText(records: readonly ViewRecords[]): ResourceFact[] {
  return uniqueResources(records, isUncompressedText).sort((a, b) => b.bytes - a.bytes).slice(0, 10);
}

function mainThreadScripts(records: readonly ViewRecords[]): ScriptTimeFact[] {
  const byUrl = new Map<string, number>();
  for (const { samples } of records) {
    for (const sample of samples) {
      if (sample.kind !== 'loaf') continue;
      for (const script of sample.scripts) {
        if (script.sourceURL) byUrl.set(script.sourceURL, (byUrl.get(script.sourceURL) ?? 0) + script.duration);
      }
    }
  }
  const loads = Math.max(1, records.length);
  return [...byUrl]
    .map(([url, ms]) => ({ url, ms: ms / loads }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
}

function uniqueResources(records: readonly ViewRecords[], keep: (request: RequestRecord) => boolean): ResourceFact[] {
  const byUrl = new Map<string, { bytes: number; durations: number[] }>();
  for (const { requests } of records) {
    for (const request of requests) {
      if (!keep(request)) continue;
      const entry = byUrl.get(request.url) ?? { bytes: 0, durations: [] };
      entry.bytes = Math.max(entry.bytes, requestBytes(request));
      entry.durations.push(request.duration);
      byUrl.set(request.url, entry);
    }
  }
  return [...byUrl].map(([url, entry]) => ({ url, bytes: entry.bytes, durationMs: median(entry.durations) ?? 0 }));
}

function navigationFacts(allViews: readonly View[], pattern: string): NavigationFacts {
  const views = [...allViews].sort((a, b) => a.startTime - b.startTime);
  const counts = new Map<string, number>();
  const facts: NavigationFacts = { hardNext: 0, softNext: 0, likelyNext: [] };
  views.forEach((view, index) => {
    const next = views[index + 1];
    if (!next || !matchesPattern(view.url, pattern) || !isOtherSameOriginPage(view.url, next.url)) return;
    if (next.kind === 'soft') {
      facts.softNext += 1;
    } else if (next.navigationType !== 'reload' && next.navigationType !== 'back_forward') {
      facts.hardNext += 1;
      const url = withoutFragment(next.url);
      counts.set(url, (counts.get(url) ?? 0) + 1);
    }
  });
  facts.likelyNext = [...counts].map(([url, count]) => ({ url, count })).sort((a, b) => b.count - a.count).slice(0, 5);
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function emptyByInserter(): RequestsByInserter {
  return { html: { count: 0, bytes: 0 }, script: { count: 0, bytes: 0 }, unknown: { count: 0, bytes: 0 } };
}

function requestGroup(requests: readonly RequestRecord[]): RequestGroup {
  return { count: requests.length, bytes: requests.reduce((sum, request) => sum + requestBytes(request), 0) };
}

/** Bytes a request weighs: the larger of its transfer size and its encoded body size. */
export function requestBytes(request: RequestRecord): number {
  return Math.max(request.transferSize, request.encodedBodySize);
}

function requestEnd(request: RequestRecord): number {
  return request.t + request.duration;
}

function isMemory(sample: MetricSample): sample is MemorySample {
  return sample.kind === 'memory';
}

function isLongFrame(sample: MetricSample): sample is LongFrameSample {
  return sample.kind === 'loaf';
}

function isMediaRequest(request: RequestRecord): boolean {
  return (
    request.initiatorType === 'video' ||
    request.initiatorType === 'audio' ||
    /^(video|audio)\//.test(request.mimeType ?? '') ||
    /\.(mp4|webm|m4v|mov|ogv|m3u8|mpd|mp3|m4a|ogg)(\?|$)/i.test(request.url)
  );
}

function isScriptRequest(request: RequestRecord): boolean {
  return request.initiatorType === 'script' || /javascript|ecmascript/.test(request.mimeType ?? '') || /\.m?js(\?|$)/i.test(request.url);
}

const TEXT_INITIATORS = new Set(['script', 'link', 'css', 'fetch', 'xmlhttprequest', 'navigation']);

function isUncompressedText(request: RequestRecord): boolean {
  const textual = request.mimeType ? /text|javascript|json|xml|svg/.test(request.mimeType) : TEXT_INITIATORS.has(request.initiatorType);
  const encoding = request.responseHeaders?.find((header) => header.name.toLowerCase() === 'content-encoding')?.value;
  const compressed = encoding !== undefined ? encoding !== '' && encoding !== 'identity' : request.encodedBodySize < request.decodedBodySize;
  return textual && !request.cached && request.encodedBodySize > 0 && request.decodedBodySize >= 10_000 && !compressed;
}

/** A request whose timing phases are all zero though it went to the network: no Timing-Allow-Origin. */
function isUntimed(request: RequestRecord): boolean {
  const { dns, connect, tls, waiting, download } = request.phases;
  return dns + connect + tls + waiting + download === 0 && request.duration > 0;
}

/** fetch/XHR/beacon and fonts use CORS without credentials by default (a separate connection pool). */
function isAnonymousCors(request: RequestRecord): boolean {
  return ['fetch', 'xmlhttprequest', 'beacon'].includes(request.initiatorType) || /\.(woff2?|ttf|otf)(\?|$)/i.test(request.url);
}

function isOtherSameOriginPage(from: string, to: string): boolean {
  return originOf(from) !== null && originOf(from) === originOf(to) && withoutFragment(from) !== withoutFragment(to);
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function absoluteUrl(url: string | null, base: string): string | null {
  if (!url) return null;
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

function attributionString(attribution: Attribution | undefined, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = attribution?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

function attributionNumber(attribution: Attribution | undefined, key: string): number | null {
  const value = attribution?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  return median(values.filter((value): value is number => value !== null));
}

function maxOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}
