/** Builders of captured data and optimizer inputs for the optimizer's unit tests. */
import type { LongFrameSample, MemorySample, RequestRecord, SessionData, View, VitalName, VitalSample } from '../../../src/core/model';
import { emptyOptimizerInput, type OptimizerInput } from '../../../src/core/optimizer/input';
import type { OptimizerEnvironment } from '../../../src/core/optimizer/environment';

export const PAGE = 'https://admin.example.com/users';
export const T0 = 1_700_000_000_000;

export const DESKTOP: OptimizerEnvironment = {
  effectiveType: '4g',
  saveData: false,
  deviceMemory: 8,
  hardwareConcurrency: 8,
  prefersReducedMotion: false,
};

export function view(overrides: Partial<View> = {}): View {
  return { id: 'v1', sessionId: 's1', url: PAGE, startTime: T0, kind: 'hard', navigationType: 'navigate', strategies: [], ...overrides };
}

export function request(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    kind: 'request',
    viewId: 'v1',
    t: T0,
    url: `${PAGE}/x`,
    initiatorType: 'fetch',
    duration: 50,
    phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 40, download: 10 },
    transferSize: 1000,
    encodedBodySize: 900,
    decodedBodySize: 900,
    status: 200,
    serverTiming: [],
    renderBlocking: 'non-blocking',
    cached: false,
    protocol: 'h2',
    ...overrides,
  };
}

export function vital(name: VitalName, value: number, overrides: Partial<VitalSample> = {}): VitalSample {
  return {
    kind: 'vital',
    t: T0 + 1000,
    viewId: 'v1',
    name,
    value,
    delta: value,
    rating: 'good',
    metricId: `${name}-1`,
    navigationType: 'navigate',
    attribution: {},
    ...overrides,
  };
}

export function loaf(duration: number, overrides: Partial<LongFrameSample> = {}): LongFrameSample {
  return {
    kind: 'loaf',
    t: T0 + 500,
    viewId: 'v1',
    source: 'long-animation-frame',
    duration,
    blockingDuration: Math.max(0, duration - 50),
    renderStart: null,
    styleAndLayoutStart: null,
    scripts: [],
    ...overrides,
  };
}

export function memory(domNodes: number, overrides: Partial<MemorySample> = {}): MemorySample {
  return { kind: 'memory', t: T0 + 2000, viewId: 'v1', heapUsed: null, heapTotal: null, domNodes, ...overrides };
}

export function session(parts: Partial<Omit<SessionData, 'session'>> = {}): SessionData {
  const views = parts.views ?? [view()];
  return {
    session: {
      id: 's1',
      tabId: 1,
      name: 'test',
      url: PAGE,
      title: 'Users',
      startTime: T0,
      endTime: null,
      origin: 'captured',
      counts: { views: views.length, samples: 0, requests: 0, alerts: 0 },
      bytes: 0,
    },
    views,
    samples: parts.samples ?? [],
    requests: parts.requests ?? [],
    alerts: parts.alerts ?? [],
  };
}

/** The HTML document's request: fetched from T0, response ends at T0 + 200. */
export function navigationRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({ url: PAGE, initiatorType: 'navigation', t: T0, duration: 200, ...overrides });
}

/** An input for one captured load, with the given facts. */
export function input(overrides: Partial<OptimizerInput> = {}): OptimizerInput {
  return { ...emptyOptimizerInput(PAGE, { environment: DESKTOP }), loads: 1, hardLoads: 1, ...overrides };
}

/** input() on another environment. */
export function inputOn(environment: Partial<OptimizerEnvironment>, overrides: Partial<OptimizerInput> = {}): OptimizerInput {
  return input({ ...overrides, environment: { ...DESKTOP, ...environment } });
}

export const SAVE_DATA: Partial<OptimizerEnvironment> = { saveData: true };
export const SLOW_2G: Partial<OptimizerEnvironment> = { effectiveType: '2g' };
export const LOW_END: Partial<OptimizerEnvironment> = { deviceMemory: 2, hardwareConcurrency: 4 };
export const REDUCED_MOTION: Partial<OptimizerEnvironment> = { prefersReducedMotion: true };
