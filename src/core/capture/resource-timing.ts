import type { RequestPhases, RequestRecord } from '../model';

/** The fields of a PerformanceResourceTiming entry that capture reads (structural, no DOM types). */
export interface ResourceTimingLike {
  name: string;
  initiatorType: string;
  startTime: number;
  duration: number;
  redirectStart: number;
  redirectEnd: number;
  fetchStart: number;
  domainLookupStart: number;
  domainLookupEnd: number;
  connectStart: number;
  connectEnd: number;
  secureConnectionStart: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  nextHopProtocol: string;
  responseStatus?: number;
  renderBlockingStatus?: string;
  deliveryType?: string;
  serverTiming?: readonly { name: string; duration: number; description: string }[];
}

const span = (from: number, to: number): number => (from > 0 && to >= from ? to - from : 0);

export function phasesOf(e: ResourceTimingLike): RequestPhases {
  const tlsStart = e.secureConnectionStart > 0 ? e.secureConnectionStart : 0;
  return {
    redirect: span(e.redirectStart, e.redirectEnd),
    dns: span(e.domainLookupStart, e.domainLookupEnd),
    connect: span(e.connectStart, tlsStart || e.connectEnd),
    tls: tlsStart ? span(tlsStart, e.connectEnd) : 0,
    waiting: span(e.requestStart, e.responseStart),
    download: span(e.responseStart, e.responseEnd),
  };
}

/**
 * Served without network: a cache hit has transferSize 0 with a body (cross-origin entries
 * without Timing-Allow-Origin report 0 for every size, so they are not counted as cached).
 */
export function isFromCache(e: ResourceTimingLike): boolean {
  if (e.deliveryType === 'cache') return true;
  return e.transferSize === 0 && e.decodedBodySize > 0;
}

/** Converts one Resource Timing entry (times relative to timeOrigin) into a request record. */
export function requestFromResourceTiming(
  e: ResourceTimingLike,
  timeOrigin: number,
  viewId: string,
  method?: string,
): RequestRecord {
  const record: RequestRecord = {
    kind: 'request',
    viewId,
    t: timeOrigin + e.startTime,
    url: e.name.slice(0, 8192),
    initiatorType: e.initiatorType || 'other',
    duration: Math.max(0, e.duration),
    phases: phasesOf(e),
    transferSize: e.transferSize,
    encodedBodySize: e.encodedBodySize,
    decodedBodySize: e.decodedBodySize,
    status: e.responseStatus ?? 0,
    serverTiming: (e.serverTiming ?? []).slice(0, 32).map((s) => ({
      name: s.name.slice(0, 256),
      duration: Number.isFinite(s.duration) && s.duration >= 0 ? s.duration : 0,
      description: s.description.slice(0, 256),
    })),
    renderBlocking: e.renderBlockingStatus ?? '',
    cached: isFromCache(e),
    protocol: e.nextHopProtocol ?? '',
  };
  if (method) record.method = method;
  return record;
}
