import type { LongFrameSample, MemorySample, MetricSample, RequestRecord, VitalName, VitalSample } from '../model';

/** The latest report of each vital: the one with the latest time; of two at one time, the later to arrive. */
export function latestVitals(samples: readonly MetricSample[]): Partial<Record<VitalName, VitalSample>> {
  const latest: Partial<Record<VitalName, VitalSample>> = {};
  for (const sample of samples) {
    if (sample.kind !== 'vital') continue;
    const previous = latest[sample.name];
    if (!previous || sample.t >= previous.t) latest[sample.name] = sample;
  }
  return latest;
}

export interface CaptureTotals {
  longFrameCount: number;
  /** ms */
  longFrameTime: number;
  /** ms of blocking beyond 50 ms per frame. */
  blockingTime: number;
  requests: number;
  /** bytes over the network (transferSize) */
  transferBytes: number;
  /** bytes of decoded bodies */
  decodedBytes: number;
  heapUsed: number | null;
  heapPeak: number | null;
  domNodes: number | null;
}

export function captureTotals(samples: readonly MetricSample[], requests: readonly RequestRecord[]): CaptureTotals {
  const totals: CaptureTotals = { longFrameCount: 0, longFrameTime: 0, blockingTime: 0, requests: requests.length, transferBytes: 0, decodedBytes: 0, heapUsed: null, heapPeak: null, domNodes: null };
  for (const s of samples) {
    if (s.kind === 'loaf') {
      totals.longFrameCount++;
      totals.longFrameTime += s.duration;
      totals.blockingTime += s.blockingDuration;
    } else if (s.kind === 'memory') {
      totals.domNodes = s.domNodes;
      if (s.heapUsed !== null) {
        totals.heapUsed = s.heapUsed;
        totals.heapPeak = Math.max(totals.heapPeak ?? 0, s.heapUsed);
      }
    }
  }
  for (const r of requests) {
    totals.transferBytes += r.transferSize;
    totals.decodedBytes += r.decodedBodySize;
  }
  return totals;
}

export const memorySamples = (samples: readonly MetricSample[]): MemorySample[] => samples.filter((s): s is MemorySample => s.kind === 'memory');
export const longFrames = (samples: readonly MetricSample[]): LongFrameSample[] => samples.filter((s): s is LongFrameSample => s.kind === 'loaf');

/** Requests started per bucket: [bucket start (epoch ms)], [count / s]. */
export function requestRate(requests: readonly RequestRecord[], from: number, to: number, bucketMs = 1000): [number[], number[]] {
  const n = Math.max(1, Math.ceil((to - from) / bucketMs));
  if (n > 100_000) return requestRate(requests, from, to, Math.ceil((to - from) / 100_000));
  const counts = new Array<number>(n).fill(0);
  for (const r of requests) {
    const i = Math.floor((r.t - from) / bucketMs);
    if (i >= 0 && i < n) counts[i]!++;
  }
  const xs = counts.map((_, i) => from + i * bucketMs);
  return [xs, counts.map((c) => (c * 1000) / bucketMs)];
}

/**
 * An http(s) URL the URL parser would leave as it is: lower-case host without a port, only
 * characters that need no escaping, no dot segments. Its name is then cut out of the string,
 * three to seven times cheaper than parsing it (100,000 requests sorted by name parse each URL).
 */
const PLAIN_URL = /^https?:\/\/([a-z0-9.-]+)(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?(\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?(#.*)?$/;
const DOT_SEGMENT = /\/\.\.?(\/|$)/;

/** A request's short display name: path and query, or the host for a bare origin. */
export function requestName(url: string): string {
  const plain = PLAIN_URL.exec(url);
  if (plain && !DOT_SEGMENT.test(plain[2] ?? '')) {
    const path = (plain[2] || '/') + (plain[3] && plain[3] !== '?' ? plain[3] : '');
    return path === '/' ? `${plain[1]}/` : path;
  }
  try {
    const u = new URL(url);
    const path = u.pathname + u.search;
    return path === '/' ? u.host + '/' : path;
  } catch {
    return url;
  }
}
