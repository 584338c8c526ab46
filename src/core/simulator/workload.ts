/**
 * The workload: which endpoints the simulated admins call, how long the server takes for each,
 * and how requests arrive (a closed model of N users who think between requests, or an open model
 * with an arrival rate). Written by hand as plain JSON, or derived from a captured session.
 */
import type { RequestRecord, SessionData } from '../model.ts';
import type { Distribution } from './distributions.ts';
import { meanOf } from './distributions.ts';
import { endpointName, originOf } from '../sessions/routes.ts';

/** The JSON workload format's identifier. */
export const WORKLOAD_FORMAT = 'admin-performance-workload';

/** A workload, as stored in a workload JSON file. */
export interface Workload {
  /** Optional marker: 'admin-performance-workload'. */
  format?: typeof WORKLOAD_FORMAT;
  /** Format version; 1. */
  version?: 1;
  name?: string;
  /** The API endpoints (route templates) requests go to. At least one. */
  endpoints: EndpointSpec[];
  /** How requests arrive. */
  model: ClosedModel | OpenModel;
  /** Where a derived workload came from (informative; ignored by the engine). */
  source?: WorkloadSource;
}

/** One endpoint: a route template with its share of requests and its server time. */
export interface EndpointSpec {
  /** e.g. "GET /api/users/:id". */
  name: string;
  /** Relative share of requests (the mix); any positive scale. */
  weight: number;
  /** Server time on an instance of speed 1, ms. */
  service: Distribution;
  /** What was measured, for a derived workload (informative). */
  observed?: ObservedEndpoint;
}

/** N users, each sending one request, waiting for its answer, then thinking, then the next one. */
export interface ClosedModel {
  kind: 'closed';
  /** Simulated users (admins). */
  users: number;
  /** Pause between an answer and the user's next request, ms. */
  thinkTime: Distribution;
}

/** Requests arrive as a Poisson process whose rate follows a pattern, whatever the backlog. */
export interface OpenModel {
  kind: 'open';
  arrivals: ArrivalPattern;
  /** Distinct users the requests come from (consistent hashing keys on them). Default 1000. */
  users?: number;
}

/** The rate of an open model over time. */
export type ArrivalPattern =
  /** The same rate all along. */
  | { pattern: 'constant'; ratePerSec: number }
  /** rate(t) = mean · (1 + amplitude · sin(2π (t + phaseMs) / periodMs)); amplitude in [0, 1]. */
  | { pattern: 'diurnal'; meanRatePerSec: number; amplitude: number; periodMs: number; phaseMs?: number }
  /** Piecewise constant: each step's rate holds from its atMs until the next step (0 before the first). */
  | { pattern: 'step'; steps: { atMs: number; ratePerSec: number }[] };

/** Measured figures behind a derived endpoint. */
export interface ObservedEndpoint {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  /** Which measurement the server time came from (the most used one). */
  serverTimeFrom: ServerTimeSource;
  /** Origins the requests went to. */
  origins: string[];
}

export type ServerTimeSource = 'server-timing' | 'waiting' | 'duration';

/** Where a derived workload came from. */
export interface WorkloadSource {
  sessionId: string;
  /** API (fetch/XHR) requests used. */
  apiRequests: number;
  /** Requests of the session left out (not fetch/XHR, served from cache, or without timing). */
  skippedRequests: number;
  /** Gaps measured between a view's API requests. */
  thinkTimeSamples: number;
  /** API requests per second of one captured user. */
  observedRatePerSec: number;
}

/** Options of workloadFromSession. */
export interface SessionWorkloadOptions {
  /** 'closed' (default): `users` admins thinking as measured. 'open': Poisson arrivals at ratePerSec. */
  model?: 'closed' | 'open';
  /** Simulated admins (closed) or the population requests come from (open). Default 100. */
  users?: number;
  /** Open model rate; default: the captured user's request rate × users. */
  ratePerSec?: number;
  /** Gaps longer than this (the admin walked away) are not think time. Default 60 000 ms. */
  maxThinkMs?: number;
  /** Most measured values kept per empirical distribution (evenly spaced quantiles). Default 2000. */
  maxSamples?: number;
  /** Subtracted from phases.waiting (one network round trip) when there is no Server-Timing total. Default 0. */
  roundTripMs?: number;
  /** Think time when the session has no gaps to measure. Default exponential, mean 5000 ms. */
  defaultThinkTime?: Distribution;
  /**
   * Service-time model per endpoint: 'empirical' (default) resamples the measured values;
   * 'lognormal' fits ln(x) ~ Normal(μ, σ²) to them; 'exponential' keeps only their mean.
   */
  serviceFit?: 'empirical' | 'lognormal' | 'exponential';
}

const API_INITIATORS = new Set(['fetch', 'xmlhttprequest']);

/** True for the requests a workload is made of: fetch/XHR calls that reached the network. */
export function isApiRequest(request: RequestRecord): boolean {
  return API_INITIATORS.has(request.initiatorType) && !request.cached;
}

/** Server time of a request: Server-Timing "total" where present, else the waiting phase. */
export function serverTimeOf(request: RequestRecord, roundTripMs = 0): { ms: number; from: ServerTimeSource } | null {
  const total = request.serverTiming.find((entry) => entry.name.toLowerCase() === 'total');
  if (total && Number.isFinite(total.duration) && total.duration >= 0) return { ms: total.duration, from: 'server-timing' };
  if (request.phases.waiting > 0) return { ms: Math.max(0, request.phases.waiting - roundTripMs), from: 'waiting' };
  if (request.duration > 0) return { ms: request.duration, from: 'duration' };
  return null;
}

/**
 * Derives a workload from a captured session: fetch/XHR requests grouped by route template, an
 * empirical service-time distribution per endpoint (plus its fitted mean), the request mix, and
 * think times from the gaps between a view's API requests.
 * Throws when the session holds no usable API request.
 */
export function workloadFromSession(data: SessionData, options: SessionWorkloadOptions = {}): Workload {
  const maxSamples = options.maxSamples ?? 2000;
  const api = data.requests.filter(isApiRequest);
  const groups = groupByEndpoint(api, options.roundTripMs ?? 0);
  if (groups.size === 0) {
    throw new Error(`session ${data.session.id} has no fetch/XHR request with timing to build a workload from`);
  }
  const endpoints = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, group]) => endpointFromGroup(name, group, maxSamples, options.serviceFit ?? 'empirical'));
  const used = endpoints.reduce((sum, endpoint) => sum + endpoint.weight, 0);
  const gaps = thinkTimeGaps(api, options.maxThinkMs ?? 60_000);
  const thinkTime: Distribution =
    gaps.length > 0
      ? { type: 'empirical', valuesMs: evenlySpacedQuantiles(gaps, maxSamples), meanMs: meanOf(gaps) }
      : (options.defaultThinkTime ?? { type: 'exponential', meanMs: 5000 });
  const users = options.users ?? 100;
  const observedRatePerSec = requestRate(api);
  const model: ClosedModel | OpenModel =
    options.model === 'open'
      ? { kind: 'open', users, arrivals: { pattern: 'constant', ratePerSec: options.ratePerSec ?? observedRatePerSec * users } }
      : { kind: 'closed', users, thinkTime };
  return {
    format: WORKLOAD_FORMAT,
    version: 1,
    name: `From session ${data.session.name || data.session.id}`,
    endpoints,
    model,
    source: {
      sessionId: data.session.id,
      apiRequests: used,
      skippedRequests: data.requests.length - used,
      thinkTimeSamples: gaps.length,
      observedRatePerSec,
    },
  };
}

interface EndpointGroup {
  serverTimes: number[];
  sources: Map<ServerTimeSource, number>;
  origins: Set<string>;
}

function groupByEndpoint(requests: RequestRecord[], roundTripMs: number): Map<string, EndpointGroup> {
  const groups = new Map<string, EndpointGroup>();
  for (const request of requests) {
    const serverTime = serverTimeOf(request, roundTripMs);
    if (!serverTime) continue;
    const name = endpointName(request.url, request.method);
    let group = groups.get(name);
    if (!group) {
      group = { serverTimes: [], sources: new Map(), origins: new Set() };
      groups.set(name, group);
    }
    group.serverTimes.push(serverTime.ms);
    group.sources.set(serverTime.from, (group.sources.get(serverTime.from) ?? 0) + 1);
    const origin = originOf(request.url);
    if (origin) group.origins.add(origin);
  }
  return groups;
}

function endpointFromGroup(name: string, group: EndpointGroup, maxSamples: number, fit: NonNullable<SessionWorkloadOptions['serviceFit']>): EndpointSpec {
  const sorted = [...group.serverTimes].sort((a, b) => a - b);
  const meanMs = meanOf(sorted);
  return {
    name,
    weight: sorted.length,
    service: fittedService(sorted, meanMs, maxSamples, fit),
    observed: {
      count: sorted.length,
      meanMs,
      p50Ms: nearestRank(sorted, 50),
      p95Ms: nearestRank(sorted, 95),
      serverTimeFrom: mostUsed(group.sources),
      origins: [...group.origins].sort(),
    },
  };
}

/** The service-time distribution of measured values (sorted), as the chosen fit. */
function fittedService(sorted: number[], meanMs: number, maxSamples: number, fit: NonNullable<SessionWorkloadOptions['serviceFit']>): Distribution {
  if (fit === 'exponential' && meanMs > 0) return { type: 'exponential', meanMs };
  if (fit === 'lognormal') {
    const logs = sorted.filter((v) => v > 0).map(Math.log);
    if (logs.length > 0) {
      const mu = meanOf(logs);
      const variance = meanOf(logs.map((l) => (l - mu) ** 2));
      return { type: 'lognormal', medianMs: Math.exp(mu), sigma: Math.sqrt(variance) };
    }
  }
  return { type: 'empirical', valuesMs: evenlySpacedQuantiles(sorted, maxSamples), meanMs };
}

/** Gaps between the end of one API request and the start of the next in the same view (≥ 0). */
export function thinkTimeGaps(requests: RequestRecord[], maxThinkMs: number): number[] {
  const byView = new Map<string, RequestRecord[]>();
  for (const request of requests) {
    const list = byView.get(request.viewId) ?? [];
    list.push(request);
    byView.set(request.viewId, list);
  }
  const gaps: number[] = [];
  for (const list of byView.values()) {
    list.sort((a, b) => a.t - b.t);
    for (let i = 1; i < list.length; i++) {
      const previous = list[i - 1]!;
      const gap = Math.max(0, list[i]!.t - (previous.t + previous.duration));
      if (gap <= maxThinkMs) gaps.push(gap);
    }
  }
  return gaps;
}

/** API requests per second over the span from the first request to the end of the last. */
function requestRate(requests: RequestRecord[]): number {
  if (requests.length < 2) return 0;
  let first = Infinity;
  let last = -Infinity;
  for (const request of requests) {
    first = Math.min(first, request.t);
    last = Math.max(last, request.t + request.duration);
  }
  return last > first ? (requests.length / (last - first)) * 1000 : 0;
}

/** At most `count` values at evenly spaced ranks of the sorted list (all of them when fewer). */
export function evenlySpacedQuantiles(values: number[], count: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length <= count) return sorted;
  const picked: number[] = [];
  for (let i = 0; i < count; i++) picked.push(sorted[Math.floor(((i + 0.5) * sorted.length) / count)]!);
  return picked;
}

function nearestRank(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function mostUsed(counts: Map<ServerTimeSource, number>): ServerTimeSource {
  let best: ServerTimeSource = 'duration';
  let bestCount = -1;
  for (const [source, count] of counts) {
    if (count > bestCount) {
      best = source;
      bestCount = count;
    }
  }
  return best;
}
