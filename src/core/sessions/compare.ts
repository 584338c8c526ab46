/**
 * Compares two sessions (or a view of each): vitals, totals, and requests matched by route
 * template + method + initiator type. "a" is the baseline, "b" the one being judged; a
 * difference is b - a.
 */
import { VITAL_NAMES, type AlertRecord, type Rating, type RequestRecord, type SessionData, type VitalName } from '../model';
import { routeTemplate } from './routes';
import { median } from '../stats';
import { summarizeSession, type SessionSummary } from './summary';

export interface CompareThresholds {
  /** A route is slower/faster when its median duration changed by at least this many ms... */
  durationMs: number;
  /** ...and by at least this percentage. */
  durationPercent: number;
  /** A route is bigger/smaller when its median transfer size changed by at least this many bytes... */
  sizeBytes: number;
  /** ...and by at least this percentage. */
  sizePercent: number;
}

export const DEFAULT_COMPARE_THRESHOLDS: Readonly<CompareThresholds> = {
  durationMs: 20,
  durationPercent: 10,
  sizeBytes: 1024,
  sizePercent: 10,
};

export interface CompareOptions {
  /** Compare only this view of session a. */
  viewA?: string;
  /** Compare only this view of session b. */
  viewB?: string;
  thresholds?: Partial<CompareThresholds>;
}

/** b - a, absolute and relative to a; null where a side has no value (or a is 0 for percent). */
export interface Difference {
  a: number | null;
  b: number | null;
  absolute: number | null;
  percent: number | null;
}

export interface VitalComparison {
  p75: Difference;
  median: Difference;
  ratingA: Rating | null;
  ratingB: Rating | null;
}

/** Requests of one route (method + route template + initiator type) in one session. */
export interface RouteStats {
  key: string;
  method: string;
  route: string;
  initiatorType: string;
  count: number;
  /** ms */
  medianDuration: number;
  /** bytes */
  medianTransferSize: number;
  /** One full URL of the route, for display. */
  exampleUrl: string;
}

export interface RouteChange {
  key: string;
  a: RouteStats;
  b: RouteStats;
  duration: Difference;
  transferSize: Difference;
}

export interface SessionComparison {
  a: { sessionId: string; name: string; viewId: string | null };
  b: { sessionId: string; name: string; viewId: string | null };
  vitals: Record<VitalName, VitalComparison>;
  metrics: {
    requests: Difference;
    transferBytes: Difference;
    longFrames: Difference;
    longFrameMs: Difference;
    blockingMs: Difference;
    peakHeapBytes: Difference;
    peakDomNodes: Difference;
    alerts: Difference;
  };
  requests: {
    /** Routes only in b, most requested first. */
    added: RouteStats[];
    /** Routes only in a. */
    removed: RouteStats[];
    /** Median duration grew past both thresholds; largest growth first. */
    slower: RouteChange[];
    faster: RouteChange[];
    /** Median transfer size grew past both thresholds; largest growth first. */
    bigger: RouteChange[];
    smaller: RouteChange[];
    /** Routes in both that changed less than the thresholds. */
    unchanged: number;
  };
  alerts: { a: AlertRecord[]; b: AlertRecord[] };
}

export function compareSessions(a: SessionData, b: SessionData, options: CompareOptions = {}): SessionComparison {
  const thresholds = { ...DEFAULT_COMPARE_THRESHOLDS, ...options.thresholds };
  const summaryA = summarizeSession(a, options.viewA);
  const summaryB = summarizeSession(b, options.viewB);
  const inView = (viewId: string | undefined) => (item: { viewId: string }) => viewId === undefined || item.viewId === viewId;
  return {
    a: { sessionId: a.session.id, name: a.session.name, viewId: options.viewA ?? null },
    b: { sessionId: b.session.id, name: b.session.name, viewId: options.viewB ?? null },
    vitals: compareVitals(summaryA, summaryB),
    metrics: compareMetrics(summaryA, summaryB),
    requests: compareRoutes(
      routeStats(a.requests.filter(inView(options.viewA))),
      routeStats(b.requests.filter(inView(options.viewB))),
      thresholds,
    ),
    alerts: { a: a.alerts.filter(inView(options.viewA)), b: b.alerts.filter(inView(options.viewB)) },
  };
}

export function difference(a: number | null, b: number | null): Difference {
  if (a === null || b === null) return { a, b, absolute: null, percent: null };
  const absolute = b - a;
  return { a, b, absolute, percent: a === 0 ? null : (absolute / Math.abs(a)) * 100 };
}

function compareVitals(a: SessionSummary, b: SessionSummary): Record<VitalName, VitalComparison> {
  const out = {} as Record<VitalName, VitalComparison>;
  for (const name of VITAL_NAMES) {
    const va = a.vitals[name];
    const vb = b.vitals[name];
    out[name] = {
      p75: difference(va?.p75 ?? null, vb?.p75 ?? null),
      median: difference(va?.median ?? null, vb?.median ?? null),
      ratingA: va?.rating ?? null,
      ratingB: vb?.rating ?? null,
    };
  }
  return out;
}

function compareMetrics(a: SessionSummary, b: SessionSummary): SessionComparison['metrics'] {
  return {
    requests: difference(a.requests, b.requests),
    transferBytes: difference(a.transferBytes, b.transferBytes),
    longFrames: difference(a.longFrames, b.longFrames),
    longFrameMs: difference(a.longFrameMs, b.longFrameMs),
    blockingMs: difference(a.blockingMs, b.blockingMs),
    peakHeapBytes: difference(a.peakHeapBytes, b.peakHeapBytes),
    peakDomNodes: difference(a.peakDomNodes, b.peakDomNodes),
    alerts: difference(a.alerts, b.alerts),
  };
}

/** `GET /api/users/:id fetch` — how requests are matched across sessions. */
export function routeKey(request: RequestRecord): string {
  return `${request.method ?? 'GET'} ${routeTemplate(request.url)} ${request.initiatorType}`;
}

export function routeStats(requests: readonly RequestRecord[]): Map<string, RouteStats> {
  const groups = new Map<string, RequestRecord[]>();
  for (const request of requests) {
    const key = routeKey(request);
    const group = groups.get(key);
    if (group) group.push(request);
    else groups.set(key, [request]);
  }
  const stats = new Map<string, RouteStats>();
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    stats.set(key, {
      key,
      method: first.method ?? 'GET',
      route: routeTemplate(first.url),
      initiatorType: first.initiatorType,
      count: group.length,
      medianDuration: median(group.map((request) => request.duration)) ?? 0,
      medianTransferSize: median(group.map((request) => request.transferSize)) ?? 0,
      exampleUrl: first.url,
    });
  }
  return stats;
}

function compareRoutes(a: Map<string, RouteStats>, b: Map<string, RouteStats>, thresholds: CompareThresholds): SessionComparison['requests'] {
  const result: SessionComparison['requests'] = { added: [], removed: [], slower: [], faster: [], bigger: [], smaller: [], unchanged: 0 };
  for (const [key, stats] of b) if (!a.has(key)) result.added.push(stats);
  for (const [key, stats] of a) if (!b.has(key)) result.removed.push(stats);
  for (const [key, statsA] of a) {
    const statsB = b.get(key);
    if (!statsB) continue;
    const change: RouteChange = {
      key,
      a: statsA,
      b: statsB,
      duration: difference(statsA.medianDuration, statsB.medianDuration),
      transferSize: difference(statsA.medianTransferSize, statsB.medianTransferSize),
    };
    const time = direction(change.duration, thresholds.durationMs, thresholds.durationPercent);
    const size = direction(change.transferSize, thresholds.sizeBytes, thresholds.sizePercent);
    if (time > 0) result.slower.push(change);
    if (time < 0) result.faster.push(change);
    if (size > 0) result.bigger.push(change);
    if (size < 0) result.smaller.push(change);
    if (time === 0 && size === 0) result.unchanged++;
  }
  const byCount = (x: RouteStats, y: RouteStats) => y.count - x.count || x.key.localeCompare(y.key);
  const byChange = (pick: (change: RouteChange) => Difference) => (x: RouteChange, y: RouteChange) =>
    Math.abs(pick(y).absolute ?? 0) - Math.abs(pick(x).absolute ?? 0);
  result.added.sort(byCount);
  result.removed.sort(byCount);
  result.slower.sort(byChange((change) => change.duration));
  result.faster.sort(byChange((change) => change.duration));
  result.bigger.sort(byChange((change) => change.transferSize));
  result.smaller.sort(byChange((change) => change.transferSize));
  return result;
}

/** +1 grew, -1 shrank (past both the absolute and the relative threshold), 0 otherwise. */
function direction(diff: Difference, minAbsolute: number, minPercent: number): -1 | 0 | 1 {
  if (diff.absolute === null || Math.abs(diff.absolute) < minAbsolute) return 0;
  // From zero any growth is infinite in percent: the absolute threshold decides alone.
  if (diff.percent !== null && Math.abs(diff.percent) < minPercent) return 0;
  return diff.absolute > 0 ? 1 : -1;
}
