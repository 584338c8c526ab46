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

/** A request's short display name: path and query, or the host for a bare origin. */
export function requestName(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname + u.search;
    return path === '/' ? u.host + '/' : path;
  } catch {
    return url;
  }
}

export type SortKey = 'start' | 'name' | 'type' | 'status' | 'duration' | 'size' | 'waiting';
export interface NetworkFilter {
  text: string;
  type: string;
  sort: SortKey;
  descending: boolean;
}

const keyOf: Record<SortKey, (r: RequestRecord) => number | string> = {
  start: (r) => r.t,
  name: (r) => requestName(r.url),
  type: (r) => r.initiatorType,
  status: (r) => r.status,
  duration: (r) => r.duration,
  size: (r) => r.transferSize,
  waiting: (r) => r.phases.waiting,
};

/**
 * Filters (substring of the URL, initiator type) and sorts requests for the Network table. Each
 * row's sort key is computed once (a name key parses the URL), not once per comparison.
 */
export function filterRequests(requests: readonly RequestRecord[], filter: NetworkFilter): RequestRecord[] {
  const text = filter.text.trim().toLowerCase();
  const rows = text || filter.type ? requests.filter((r) => (!text || r.url.toLowerCase().includes(text)) && (!filter.type || r.initiatorType === filter.type)) : requests.slice();
  const key = keyOf[filter.sort];
  const dir = filter.descending ? -1 : 1;
  const keys = rows.map(key);
  const order = Array.from(rows.keys());
  order.sort((i, j) => {
    const x = keys[i]!;
    const y = keys[j]!;
    return (x < y ? -1 : x > y ? 1 : 0) * dir || (rows[i]!.t - rows[j]!.t) * dir;
  });
  return order.map((i) => rows[i]!);
}
