/**
 * What an alert rule can measure, and how one view is measured. Everything is measured per view
 * (a hard load or an SPA navigation) from the session model; the trigger then looks across
 * views. The per-view totals come from the session summary (one implementation of "final value
 * of a vital", long-frame time, blocking time, peaks).
 */
import { VITAL_NAMES, type MetricSample, type RequestRecord, type SessionData, type View, type VitalName } from '../model';
import { VITAL_TITLES } from '../metrics/ratings';
import { matchesPattern } from '../optimizer/patterns';
import { endpointName, originOf, routeTemplate } from '../sessions/routes';
import { summarizeSession, type SessionSummary } from '../sessions/summary';
import { quantile } from '../stats';
import { requestHasType, isResourceType, type ResourceType } from './resource-types';
import type { Dimension } from './units';

/** A metric without parameters. */
export type SimpleMetricId = VitalName | 'loafMs' | 'tbt' | 'heapUsed' | 'domNodes';

/** What a rule measures in each view. */
export type MetricRef =
  | { id: SimpleMetricId }
  | { id: 'requests'; resourceType: ResourceType }
  | { id: 'bytes'; resourceType: ResourceType }
  /** The slowest request whose URL matches the pattern (`*` wildcards, see optimizer patterns). */
  | { id: 'requestMs'; urlPattern: string }
  /** The 95th percentile duration of a route: `GET /api/users/:id` or `/api/users/:id` (any method). */
  | { id: 'routeP95'; route: string };

/** Every metric id, in the order the budgets editor offers them. */
export const METRIC_IDS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB', 'loafMs', 'tbt', 'requests', 'bytes', 'requestMs', 'routeP95', 'heapUsed', 'domNodes'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

const DIMENSIONS: Readonly<Record<MetricId, Dimension>> = {
  LCP: 'time',
  INP: 'time',
  CLS: 'score',
  FCP: 'time',
  TTFB: 'time',
  loafMs: 'time',
  tbt: 'time',
  requests: 'count',
  bytes: 'size',
  requestMs: 'time',
  routeP95: 'time',
  heapUsed: 'size',
  domNodes: 'count',
};

const TITLES: Readonly<Record<Exclude<MetricId, VitalName>, string>> = {
  loafMs: 'Long-animation-frame time',
  tbt: 'Total blocking time',
  requests: 'Requests',
  bytes: 'Transferred bytes',
  requestMs: 'Request duration',
  routeP95: 'API route p95',
  heapUsed: 'JS heap used',
  domNodes: 'DOM nodes',
};

const SHORT: Readonly<Record<Exclude<MetricId, VitalName>, string>> = {
  loafMs: 'LoAF',
  tbt: 'TBT',
  requests: 'Requests',
  bytes: 'Bytes',
  requestMs: 'Request',
  routeP95: 'Route p95',
  heapUsed: 'Heap',
  domNodes: 'DOM',
};

export function isMetricId(value: unknown): value is MetricId {
  return typeof value === 'string' && (METRIC_IDS as readonly string[]).includes(value);
}

export function isVitalName(value: string): value is VitalName {
  return (VITAL_NAMES as readonly string[]).includes(value);
}

/** What the metric's values measure (and so which units its thresholds may use). */
export function metricDimension(metric: MetricRef): Dimension {
  return DIMENSIONS[metric.id];
}

/** A stable key of a metric with its parameters: `LCP`, `bytes:script`, `routeP95:GET /api/x`. */
export function metricKey(metric: MetricRef): string {
  switch (metric.id) {
    case 'requests':
    case 'bytes':
      return `${metric.id}:${metric.resourceType}`;
    case 'requestMs':
      return `requestMs:${metric.urlPattern}`;
    case 'routeP95':
      return `routeP95:${metric.route}`;
    default:
      return metric.id;
  }
}

/** The short name shown in the Alerts table: `LCP`, `Bytes (script)`, `Route p95 GET /api/x`. */
export function metricShortName(metric: MetricRef): string {
  switch (metric.id) {
    case 'requests':
    case 'bytes':
      return `${SHORT[metric.id]} (${metric.resourceType})`;
    case 'requestMs':
      return `${SHORT.requestMs} ${metric.urlPattern}`;
    case 'routeP95':
      return `${SHORT.routeP95} ${metric.route}`;
    default:
      return isVitalName(metric.id) ? metric.id : SHORT[metric.id as Exclude<SimpleMetricId, VitalName>];
  }
}

/** The metric's full title: `Largest Contentful Paint`, `Transferred bytes (script)`. */
export function metricTitle(metric: MetricRef): string {
  if (isVitalName(metric.id)) return VITAL_TITLES[metric.id];
  const title = TITLES[metric.id as Exclude<MetricId, VitalName>];
  if (metric.id === 'requests' || metric.id === 'bytes') return `${title} (${metric.resourceType})`;
  if (metric.id === 'requestMs') return `${title} of ${metric.urlPattern}`;
  if (metric.id === 'routeP95') return `${title} of ${metric.route}`;
  return title;
}

/** Checks the parameters of a metric reference; returns the problem or null. */
export function metricProblem(metric: { id: string; resourceType?: unknown; urlPattern?: unknown; route?: unknown }): string | null {
  if (!isMetricId(metric.id)) return `unknown metric "${metric.id}" (one of ${METRIC_IDS.join(', ')})`;
  if ((metric.id === 'requests' || metric.id === 'bytes') && !isResourceType(metric.resourceType)) return 'resourceType must be one of total, document, script, stylesheet, image, font, media, other, third-party';
  if (metric.id === 'requestMs' && (typeof metric.urlPattern !== 'string' || metric.urlPattern === '')) return 'urlPattern must be a non-empty URL pattern';
  if (metric.id === 'routeP95' && (typeof metric.route !== 'string' || !metric.route.includes('/'))) return 'route must be a route template such as "GET /api/users/:id"';
  return null;
}

/** One view with what was captured in it: the unit the rule engine measures. */
export interface ViewData {
  view: View;
  samples: readonly MetricSample[];
  requests: readonly RequestRecord[];
}

/** A session's views, each with its samples and requests, oldest first. */
export function viewsOfSession(data: Pick<SessionData, 'views' | 'samples' | 'requests'>): ViewData[] {
  const samples = groupByView(data.samples);
  const requests = groupByView(data.requests);
  return [...data.views]
    .sort((a, b) => a.startTime - b.startTime || a.id.localeCompare(b.id))
    .map((view) => ({ view, samples: samples.get(view.id) ?? [], requests: requests.get(view.id) ?? [] }));
}

function groupByView<T extends { viewId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.viewId);
    if (group) group.push(item);
    else groups.set(item.viewId, [item]);
  }
  return groups;
}

const summaries = new WeakMap<ViewData, SessionSummary>();

function summaryOf(data: ViewData): SessionSummary {
  let summary = summaries.get(data);
  if (!summary) {
    summary = summarizeSession({ samples: data.samples, requests: data.requests, alerts: [] });
    summaries.set(data, summary);
  }
  return summary;
}

/**
 * The metric's value in one view, in its base unit; null when the view did not measure it (no
 * INP without an interaction, no heap size outside Chrome, no request of the route).
 */
export function measureView(data: ViewData, metric: MetricRef): number | null {
  switch (metric.id) {
    case 'LCP':
    case 'INP':
    case 'CLS':
    case 'FCP':
    case 'TTFB':
      return summaryOf(data).vitals[metric.id]?.last ?? null;
    case 'loafMs':
      return summaryOf(data).longFrameMs;
    case 'tbt':
      return summaryOf(data).blockingMs;
    case 'heapUsed':
      return summaryOf(data).peakHeapBytes;
    case 'domNodes':
      return summaryOf(data).peakDomNodes;
    case 'requests':
    case 'bytes': {
      const origin = originOf(data.view.url);
      const matching = data.requests.filter((request) => requestHasType(request, metric.resourceType, origin));
      return metric.id === 'requests' ? matching.length : matching.reduce((sum, request) => sum + request.transferSize, 0);
    }
    case 'requestMs': {
      const durations = data.requests.filter((request) => matchesPattern(request.url, metric.urlPattern)).map((request) => request.duration);
      return durations.length === 0 ? null : Math.max(...durations);
    }
    case 'routeP95': {
      const withMethod = /^[A-Z]+ /.test(metric.route);
      const durations = data.requests
        .filter((request) => (withMethod ? endpointName(request.url, request.method ?? 'GET') : routeTemplate(request.url)) === metric.route)
        .map((request) => request.duration);
      return quantile(durations, 0.95);
    }
  }
}
