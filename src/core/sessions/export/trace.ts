/**
 * A Chrome trace (Trace Event Format, JSON object form) that opens in Chrome DevTools'
 * Performance panel and in Perfetto:
 *   https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
 *
 * - metadata events name a "Browser" and a "Renderer" process with a CrRendererMain thread, and
 *   TracingStartedInBrowser declares the main frame, as DevTools expects of a Chrome trace;
 * - hard navigations are `navigationStart` events, soft ones DevTools extension markers;
 * - vitals and alerts are performance marks carrying DevTools extension markers
 *   (https://developer.chrome.com/docs/devtools/performance/extension), shown in the Timings track;
 * - long animation frames are RunTask complete events on the main thread;
 * - requests are ResourceSendRequest / ResourceReceiveResponse / ResourceFinish (DevTools'
 *   Network track) and a user-timing measure on an "Admin Performance › Requests" track
 *   (a slice in Perfetto);
 * - memory is UpdateCounters (DevTools' Memory track) and JSHeapUsed / DOMNodes counters.
 *
 * Timestamps are epoch microseconds. Events are grouped by kind, each group in time order;
 * both viewers sort on load.
 */
import type { AlertRecord, LongFrameSample, MemorySample, MetricSample, RequestRecord, View, VitalSample } from '../../model';
import { rememberRecent } from '../recent';
import { routeTemplate } from '../routes';
import { resolveSanitizer, sanitizedSource, sanitizeExportInput, type Sanitizer } from '../sanitize';
import { ChunkBuffer, writeEach } from '../stream';
import { isoTime } from '../time';
import { CREATOR, type ExportOptions, type SessionExportInput, type Source } from '../types';

/** One trace event; only the fields this exporter writes. */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: 'M' | 'I' | 'X' | 'b' | 'e' | 'C';
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  s?: 't' | 'p' | 'g';
  id2?: { local: string };
  args: Record<string, unknown>;
}

type MarkerColor = 'primary' | 'secondary' | 'tertiary' | 'error' | 'warning';

export const TRACE_PROCESS = { browser: 1, renderer: 2 } as const;
export const TRACE_THREAD = { browserMain: 10, rendererMain: 20 } as const;
export const TRACE_FRAME_ID = 'ADMINPERFORMANCEMAINFRAME';
const TRACK_GROUP = 'Admin Performance';
const TIMELINE = 'disabled-by-default-devtools.timeline';
const USER_TIMING = 'blink.user_timing';

export async function* exportTrace(raw: SessionExportInput, options: ExportOptions = {}): AsyncGenerator<string> {
  const { head, requests, tail } = traceParts(raw, options);
  yield* head;
  yield* requests;
  yield* tail();
}

/** A trace as its three parts, in order; their text joined is exportTrace's. */
export interface TraceParts {
  /** The prologue, the views and the samples. */
  head: AsyncIterable<string>;
  /** The requests' events (the bulk of a trace), as traceRequests writes them. */
  requests: AsyncIterable<string>;
  /** The alerts and the metadata, whose removed counts are final once head and requests are read. */
  tail: () => AsyncIterable<string>;
  sanitizer: Sanitizer;
}

/**
 * The parts of a trace. A writer may leave `requests` unread and have traceRequests write them
 * elsewhere (a worker, in parallel with the head), adding that sanitizer's counts to this one
 * (Sanitizer.add) before it reads the tail: every event after the prologue starts with ",\n",
 * and requests are numbered from 1 within their part, so the parts join into the same text.
 */
export function traceParts(raw: SessionExportInput, options: ExportOptions = {}): TraceParts {
  const { input, sanitizer: clean } = sanitizeExportInput(raw, options);
  const session = input.session;
  return {
    sanitizer: clean,
    head: traceHead(input),
    // Already sanitized: `clean` counts them as they are read.
    requests: traceRequests(input.requests, { sanitize: false }),
    async *tail() {
      const out = new ChunkBuffer();
      yield* writeEach(out, input.alerts, (alert) => out.write(',\n' + JSON.stringify(alertMarker(alert))));
      const metadata = {
        source: CREATOR.name,
        exporter: CREATOR,
        dataOrigin: 'TraceEvents',
        startTime: isoTime(session.startTime),
        exportedAt: isoTime(options.now ?? Date.now()),
        sessionName: session.name,
        url: session.url,
        sanitized: clean.active,
        removed: clean.removed,
      };
      out.write(`\n],\n"metadata":${JSON.stringify(metadata)}}\n`);
      yield out.take();
    },
  };
}

async function* traceHead(input: SessionExportInput): AsyncGenerator<string> {
  const out = new ChunkBuffer();
  let separator = '\n';
  const write = (events: readonly TraceEvent[]) => {
    for (const event of events) {
      out.write(separator + JSON.stringify(event));
      separator = ',\n';
    }
  };
  const writeJson = (events: readonly string[]) => {
    for (const event of events) out.write(',\n' + event);
  };
  out.write('{"traceEvents":[');
  write(prologueEvents(input.session.name, input.session.url, input.session.startTime));
  for (const view of input.views) write(viewEvents(view));
  yield* writeEach(out, input.samples, (sample) => {
    if (sample.kind === 'memory') writeJson(memoryEventsJson(sample));
    else if (sample.kind === 'loaf') out.write(',\n' + longFrameJson(sample));
    else write(sampleEvents(sample));
  });
  yield out.take();
}

/**
 * The events of a session's requests, as a trace holds them after its samples (each preceded
 * by ",\n"), sanitized by `options` (a sanitizer of its own unless one is given).
 */
export async function* traceRequests(requests: Source<RequestRecord>, options: ExportOptions = {}): AsyncGenerator<string> {
  const clean = resolveSanitizer(options);
  const out = new ChunkBuffer();
  let index = 0;
  yield* writeEach(out, clean.active ? sanitizedSource(requests, clean.request) : requests, (request) => {
    for (const event of requestEventsJson(request, ++index)) out.write(',\n' + event);
  });
  yield out.take();
}

function sampleEvents(sample: MetricSample): TraceEvent[] {
  if (sample.kind === 'vital') return [vitalMarker(sample)];
  if (sample.kind === 'loaf') return [longFrameTask(sample)];
  return memoryEvents(sample);
}

/** Epoch ms to whole trace microseconds. */
export function traceMicros(epochMs: number): number {
  const micros = Math.round(epochMs * 1000);
  // JSON has no Infinity: it would be written as null, which trace viewers reject.
  if (Number.isFinite(micros)) return micros;
  if (Number.isNaN(micros)) return 0;
  return micros > 0 ? MAX_TRACE_MICROS : -MAX_TRACE_MICROS;
}

/** The latest time a Date can hold, in µs. */
const MAX_TRACE_MICROS = 8.64e18;

/** Places an event on the renderer's main thread (by assignment: a copy per event would double the work). */
function onMain(event: Omit<TraceEvent, 'pid' | 'tid'>): TraceEvent {
  const placed = event as TraceEvent;
  placed.pid = TRACE_PROCESS.renderer;
  placed.tid = TRACE_THREAD.rendererMain;
  return placed;
}

function prologueEvents(sessionName: string, url: string, startTime: number): TraceEvent[] {
  const meta = (pid: number, tid: number, name: string, args: Record<string, unknown>): TraceEvent => ({
    name,
    cat: '__metadata',
    ph: 'M',
    ts: 0,
    pid,
    tid,
    args,
  });
  const { browser, renderer } = TRACE_PROCESS;
  const { browserMain, rendererMain } = TRACE_THREAD;
  return [
    meta(browser, browserMain, 'process_name', { name: 'Browser' }),
    meta(browser, browserMain, 'thread_name', { name: 'CrBrowserMain' }),
    meta(renderer, rendererMain, 'process_name', { name: 'Renderer' }),
    meta(renderer, rendererMain, 'process_labels', { labels: sessionName }),
    meta(renderer, rendererMain, 'thread_name', { name: 'CrRendererMain' }),
    {
      name: 'TracingStartedInBrowser',
      cat: TIMELINE,
      ph: 'I',
      s: 't',
      ts: traceMicros(startTime),
      pid: browser,
      tid: browserMain,
      args: {
        data: {
          frameTreeNodeId: 1,
          persistentIds: true,
          frames: [
            { frame: TRACE_FRAME_ID, url, name: '', processId: renderer, isOutermostMainFrame: true, isInPrimaryMainFrame: true },
          ],
        },
      },
    },
  ];
}

function viewEvents(view: View): TraceEvent[] {
  if (view.kind === 'hard') {
    return [
      onMain({
        name: 'navigationStart',
        cat: USER_TIMING,
        ph: 'I',
        s: 't',
        ts: traceMicros(view.startTime),
        args: {
          frame: TRACE_FRAME_ID,
          data: {
            documentLoaderURL: view.url,
            isLoadingMainFrame: true,
            isOutermostMainFrame: true,
            navigationId: view.id,
            navigationType: view.navigationType,
            strategies: view.strategies,
          },
        },
      }),
    ];
  }
  return [
    marker(`Soft navigation: ${view.url}`, view.startTime, 'secondary', [
      ['url', view.url],
      ['view', view.id],
      ['navigationType', view.navigationType],
      ['strategies', view.strategies.join(', ')],
    ]),
  ];
}

/** A performance mark carrying a DevTools extension marker (shown in the Timings track). */
function marker(name: string, t: number, color: MarkerColor, properties: [string, string][]): TraceEvent {
  const detail = { devtools: { dataType: 'marker', color, tooltipText: name, properties } };
  return onMain({ name, cat: USER_TIMING, ph: 'I', s: 't', ts: traceMicros(t), args: { data: { detail: JSON.stringify(detail) } } });
}

const RATING_COLORS: Record<VitalSample['rating'], MarkerColor> = {
  good: 'tertiary',
  'needs-improvement': 'warning',
  poor: 'error',
};

function vitalMarker(sample: VitalSample): TraceEvent {
  const properties: [string, string][] = [
    ['value', String(sample.value)],
    ['delta', String(sample.delta)],
    ['rating', sample.rating],
    ['metricId', sample.metricId],
    ['navigationType', sample.navigationType],
    ['view', sample.viewId],
    ...Object.entries(sample.attribution).map(([key, value]): [string, string] => [key, String(value)]),
  ];
  // Not formatVital: Intl formatting of every report costs more than the rest of the event.
  const value = sample.name === 'CLS' ? sample.value.toFixed(3) : `${Math.round(sample.value)} ms`;
  return marker(`${sample.name} ${value} (${sample.rating})`, sample.t, RATING_COLORS[sample.rating], properties);
}

/** The long frame's RunTask event (longFrameTask) as JSON text: a trace holds as many of these as of memory samples. */
export function longFrameJson(sample: LongFrameSample): string {
  const { source, viewId, blockingDuration, renderStart, styleAndLayoutStart, scripts } = sample;
  if (source === undefined || viewId === undefined || blockingDuration === undefined || renderStart === undefined || styleAndLayoutStart === undefined || scripts === undefined) {
    return json(longFrameTask(sample));
  }
  return (
    `{"name":"RunTask","cat":"${TIMELINE}","ph":"X","ts":${traceMicros(sample.t)},"dur":${traceMicros(sample.duration)},"args":{"data":{` +
    `"type":${json(source)},"view":${json(viewId)},"blockingDuration":${json(blockingDuration)},"renderStart":${json(renderStart)},` +
    `"styleAndLayoutStart":${json(styleAndLayoutStart)},"scripts":${json(scripts)}}},${ON_MAIN}`
  );
}

/** The long frame's event as an object (the reference of longFrameJson). */
export function longFrameTask(sample: LongFrameSample): TraceEvent {
  return onMain({
    name: 'RunTask',
    cat: TIMELINE,
    ph: 'X',
    ts: traceMicros(sample.t),
    dur: traceMicros(sample.duration),
    args: {
      data: {
        type: sample.source,
        view: sample.viewId,
        blockingDuration: sample.blockingDuration,
        renderStart: sample.renderStart,
        styleAndLayoutStart: sample.styleAndLayoutStart,
        scripts: sample.scripts,
      },
    },
  });
}

/** The memory events as objects (the reference of memoryEventsJson). */
export function memoryEvents(sample: MemorySample): TraceEvent[] {
  const ts = traceMicros(sample.t);
  const events: TraceEvent[] = [onMain({ name: 'DOMNodes', cat: 'memory', ph: 'C', ts, args: { nodes: sample.domNodes } })];
  if (sample.heapUsed !== null) {
    events.push(
      onMain({ name: 'JSHeapUsed', cat: 'memory', ph: 'C', ts, args: { bytes: sample.heapUsed } }),
      onMain({
        name: 'UpdateCounters',
        cat: TIMELINE,
        ph: 'I',
        s: 't',
        ts,
        args: { data: { jsHeapSizeUsed: sample.heapUsed, nodes: sample.domNodes, documents: 1, jsEventListeners: 0 } },
      }),
    );
  }
  return events;
}

/**
 * The events of a request and of a memory sample, the bulk of a trace (five and three per
 * record), as JSON text written directly: building each event as an object for JSON.stringify
 * was a fifth of a one-hour trace's time. The text is what JSON.stringify writes for the
 * events of requestEvents and memoryEvents (a test compares both on arbitrary records); each
 * value goes through JSON.stringify, so only a missing field (JSON leaves the key out) needs
 * the object path.
 */
const json = JSON.stringify;
const ON_MAIN = `"pid":${TRACE_PROCESS.renderer},"tid":${TRACE_THREAD.rendererMain}}`;

/** JSON text of requestEvents(request, index), event by event. */
export function requestEventsJson(request: RequestRecord, index: number): string[] {
  if (
    request.initiatorType === undefined ||
    request.status === undefined ||
    request.transferSize === undefined ||
    request.cached === undefined ||
    request.protocol === undefined ||
    request.decodedBodySize === undefined
  ) {
    return requestEvents(request, index).map((event) => json(event));
  }
  const events = isNetworkUrl(request.url) ? networkEventsJson(request, `ap.${index}`) : [];
  const method = request.method ?? 'GET';
  const name = json(`${method} ${routeTemplate(request.url)}`);
  const id2 = `{"local":${json(`0xa${index.toString(16)}`)}}`;
  events.push(
    `{"name":${name},"cat":"${USER_TIMING}","ph":"b","id2":${id2},"ts":${traceMicros(request.t)},"args":{"detail":${json(json({ devtools: requestTrackDetail(request, method) }))}},${ON_MAIN}`,
    `{"name":${name},"cat":"${USER_TIMING}","ph":"e","id2":${id2},"ts":${traceMicros(request.t + request.duration)},"args":{},${ON_MAIN}`,
  );
  return events;
}

function networkEventsJson(request: RequestRecord, requestId: string): string[] {
  const { dns, connect, tls, start, requestTime, connectEnd, headersEnd, end } = networkTimes(request);
  const id = json(requestId);
  const frame = json(TRACE_FRAME_ID);
  const renderBlocking = request.renderBlocking === 'blocking' ? 'blocking' : 'non_blocking';
  const priority = request.initiatorType === 'navigation' ? 'VeryHigh' : 'High';
  const timing =
    `{"requestTime":${json(requestTime / 1000)},"proxyStart":-1,"proxyEnd":-1,` +
    `"dnsStart":${dns > 0 ? 0 : -1},"dnsEnd":${dns > 0 ? json(dns) : -1},` +
    `"connectStart":${connect + tls > 0 ? json(dns) : -1},"connectEnd":${connect + tls > 0 ? json(connectEnd) : -1},` +
    `"sslStart":${tls > 0 ? json(dns + connect) : -1},"sslEnd":${tls > 0 ? json(connectEnd) : -1},` +
    `"workerStart":-1,"workerReady":-1,"sendStart":${json(connectEnd)},"sendEnd":${json(connectEnd)},"pushStart":0,"pushEnd":0,` +
    `"receiveHeadersStart":${json(headersEnd)},"receiveHeadersEnd":${json(headersEnd)}}`;
  return [
    `{"name":"ResourceSendRequest","cat":"devtools.timeline","ph":"I","s":"t","ts":${traceMicros(start)},"args":{"data":{` +
      `"requestId":${id},"frame":${frame},"url":${json(request.url)},"requestMethod":${json(request.method ?? 'GET')},"priority":"${priority}",` +
      `"resourceType":${json(resourceType(request))},"renderBlocking":"${renderBlocking}","initiatorType":${json(request.initiatorType)}}},${ON_MAIN}`,
    `{"name":"ResourceReceiveResponse","cat":"devtools.timeline","ph":"I","s":"t","ts":${traceMicros(Math.min(end, requestTime + headersEnd))},"args":{"data":{` +
      `"requestId":${id},"frame":${frame},"statusCode":${json(request.status)},"mimeType":${json(request.mimeType ?? '')},` +
      `"encodedDataLength":${json(request.transferSize)},"fromCache":${json(request.cached)},"fromServiceWorker":false,"protocol":${json(request.protocol)},` +
      `"connectionId":0,"connectionReused":${dns === 0 && connect === 0},"responseTime":${json(requestTime + headersEnd)},` +
      `"headers":${json(request.responseHeaders ?? [])},"timing":${timing}}},${ON_MAIN}`,
    `{"name":"ResourceFinish","cat":"devtools.timeline","ph":"I","s":"t","ts":${traceMicros(end)},"args":{"data":{` +
      `"requestId":${id},"didFail":false,"encodedDataLength":${json(request.transferSize)},"decodedBodyLength":${json(request.decodedBodySize)},` +
      `"finishTime":${json(end / 1000)}}},${ON_MAIN}`,
  ];
}

/** JSON text of memoryEvents(sample), event by event. */
export function memoryEventsJson(sample: MemorySample): string[] {
  if (sample.domNodes === undefined || sample.heapUsed === undefined) return memoryEvents(sample).map((event) => json(event));
  const ts = traceMicros(sample.t);
  const nodes = json(sample.domNodes);
  const events = [`{"name":"DOMNodes","cat":"memory","ph":"C","ts":${ts},"args":{"nodes":${nodes}},${ON_MAIN}`];
  if (sample.heapUsed !== null) {
    const heap = json(sample.heapUsed);
    events.push(
      `{"name":"JSHeapUsed","cat":"memory","ph":"C","ts":${ts},"args":{"bytes":${heap}},${ON_MAIN}`,
      `{"name":"UpdateCounters","cat":"${TIMELINE}","ph":"I","s":"t","ts":${ts},"args":{"data":{"jsHeapSizeUsed":${heap},"nodes":${nodes},"documents":1,"jsEventListeners":0}},${ON_MAIN}`,
    );
  }
  return events;
}

/** The request events as objects (the reference of requestEventsJson, and its path for records missing a field). */
export function requestEvents(request: RequestRecord, index: number): TraceEvent[] {
  const requestId = `ap.${index}`;
  const events = isNetworkUrl(request.url) ? networkEvents(request, requestId) : [];
  return [...events, ...requestTrackEntry(request, index)];
}

/** A request's phases as the times DevTools' network events carry (epoch ms, and ms from requestTime). */
function networkTimes(request: RequestRecord) {
  const { redirect, dns, connect, tls, waiting } = request.phases;
  const start = request.t;
  const connectEnd = dns + connect + tls;
  return { dns, connect, tls, start, requestTime: start + redirect, connectEnd, headersEnd: connectEnd + waiting, end: start + request.duration };
}

/** DevTools' network instrumentation events, timings as Chrome writes them (ms from requestTime, -1 when absent). */
function networkEvents(request: RequestRecord, requestId: string): TraceEvent[] {
  const { dns, connect, tls, start, requestTime, connectEnd, headersEnd, end } = networkTimes(request);
  const method = request.method ?? 'GET';
  return [
    onMain({
      name: 'ResourceSendRequest',
      cat: 'devtools.timeline',
      ph: 'I',
      s: 't',
      ts: traceMicros(start),
      args: {
        data: {
          requestId,
          frame: TRACE_FRAME_ID,
          url: request.url,
          requestMethod: method,
          priority: request.initiatorType === 'navigation' ? 'VeryHigh' : 'High',
          resourceType: resourceType(request),
          renderBlocking: request.renderBlocking === 'blocking' ? 'blocking' : 'non_blocking',
          initiatorType: request.initiatorType,
        },
      },
    }),
    onMain({
      name: 'ResourceReceiveResponse',
      cat: 'devtools.timeline',
      ph: 'I',
      s: 't',
      ts: traceMicros(Math.min(end, requestTime + headersEnd)),
      args: {
        data: {
          requestId,
          frame: TRACE_FRAME_ID,
          statusCode: request.status,
          mimeType: request.mimeType ?? '',
          encodedDataLength: request.transferSize,
          fromCache: request.cached,
          fromServiceWorker: false,
          protocol: request.protocol,
          connectionId: 0,
          connectionReused: dns === 0 && connect === 0,
          responseTime: requestTime + headersEnd,
          headers: request.responseHeaders ?? [],
          timing: {
            requestTime: requestTime / 1000,
            proxyStart: -1,
            proxyEnd: -1,
            dnsStart: dns > 0 ? 0 : -1,
            dnsEnd: dns > 0 ? dns : -1,
            connectStart: connect + tls > 0 ? dns : -1,
            connectEnd: connect + tls > 0 ? connectEnd : -1,
            sslStart: tls > 0 ? dns + connect : -1,
            sslEnd: tls > 0 ? connectEnd : -1,
            workerStart: -1,
            workerReady: -1,
            sendStart: connectEnd,
            sendEnd: connectEnd,
            pushStart: 0,
            pushEnd: 0,
            receiveHeadersStart: headersEnd,
            receiveHeadersEnd: headersEnd,
          },
        },
      },
    }),
    onMain({
      name: 'ResourceFinish',
      cat: 'devtools.timeline',
      ph: 'I',
      s: 't',
      ts: traceMicros(end),
      args: {
        data: {
          requestId,
          didFail: false,
          encodedDataLength: request.transferSize,
          decodedBodyLength: request.decodedBodySize,
          finishTime: end / 1000,
        },
      },
    }),
  ];
}

/** A measure on the "Requests" extension track: a slice per request in both viewers. */
function requestTrackEntry(request: RequestRecord, index: number): TraceEvent[] {
  const method = request.method ?? 'GET';
  const name = `${method} ${routeTemplate(request.url)}`;
  const devtools = requestTrackDetail(request, method);
  const id2 = { local: `0xa${index.toString(16)}` };
  return [
    onMain({ name, cat: USER_TIMING, ph: 'b', id2, ts: traceMicros(request.t), args: { detail: JSON.stringify({ devtools }) } }),
    onMain({ name, cat: USER_TIMING, ph: 'e', id2, ts: traceMicros(request.t + request.duration), args: {} }),
  ];
}

/** The DevTools extension data of a request's slice on the "Requests" track. */
function requestTrackDetail(request: RequestRecord, method: string) {
  const color: MarkerColor = request.status >= 400 ? 'error' : request.cached ? 'tertiary' : 'primary';
  return {
    dataType: 'track-entry',
    track: 'Requests',
    trackGroup: TRACK_GROUP,
    color,
    tooltipText: `${request.status || ''} ${method} ${request.url}`.trim(),
    properties: [
      ['initiatorType', request.initiatorType],
      ['transferSize (bytes)', String(request.transferSize)],
      ['cached', String(request.cached)],
    ],
  };
}

function alertMarker(alert: AlertRecord): TraceEvent {
  return marker(`Alert: ${alert.message}`, alert.t, alert.severity === 'critical' ? 'error' : 'warning', [
    ['rule', alert.ruleId],
    ['metric', alert.metric],
    ['value', String(alert.value)],
    ['threshold', String(alert.threshold)],
    ['severity', alert.severity],
    ['view', alert.viewId],
  ]);
}

/** DevTools parses every network URL with `new URL()`; anything else would fail the whole trace. */
const isNetworkUrl = rememberRecent((url: string): boolean => {
  if (!/^(https?|file|blob|filesystem):/i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
});

/** DevTools' resource type (Protocol.Network.ResourceType) from what Resource Timing says. */
function resourceType(request: RequestRecord): string {
  const mime = request.mimeType ?? '';
  if (mime.includes('css')) return 'Stylesheet';
  if (mime.includes('javascript')) return 'Script';
  if (mime.startsWith('image/')) return 'Image';
  if (mime.startsWith('font/')) return 'Font';
  switch (request.initiatorType) {
    case 'navigation':
    case 'iframe':
    case 'frame':
      return 'Document';
    case 'script':
      return 'Script';
    case 'css':
      return 'Stylesheet';
    case 'img':
    case 'image':
      return 'Image';
    case 'fetch':
    case 'beacon':
      return 'Fetch';
    case 'xmlhttprequest':
      return 'XHR';
    case 'video':
    case 'audio':
      return 'Media';
    default:
      return /\.css(\?|$)/.test(request.url) ? 'Stylesheet' : /\.m?js(\?|$)/.test(request.url) ? 'Script' : 'Other';
  }
}
