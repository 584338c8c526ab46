/**
 * What a run counts: per-endpoint outcomes and latency histograms, queue waits, SLO hits, and the
 * per-bucket counters of the time series. Counters after the warm-up feed the summary; the series
 * covers the whole run.
 */
import { LatencyHistogram } from './histogram.ts';
import type { Instance } from './pool.ts';
import type { LatencySummary, OutcomeCounts, TimeSeries } from './results.ts';

/** How a request ended. */
export const OUTCOME_FAILED = 1;
export const OUTCOME_REFUSED = 2;
export const OUTCOME_NO_INSTANCE = 3;
export const OUTCOME_TIMEOUT = 4;
export const OUTCOME_DROP = 5;

/** How many requests ended which way (for one endpoint, or for all of them). */
export class OutcomeCounters {
  issued = 0;
  completed = 0;
  failed = 0;
  refused = 0;
  noInstance = 0;
  timeouts = 0;
  drops = 0;

  /** Counts a request that did not succeed. */
  countFailure(outcome: number): void {
    if (outcome === OUTCOME_FAILED) this.failed++;
    else if (outcome === OUTCOME_REFUSED) this.refused++;
    else if (outcome === OUTCOME_NO_INSTANCE) this.noInstance++;
    else if (outcome === OUTCOME_TIMEOUT) this.timeouts++;
    else this.drops++;
  }

  /** Requests that finished one way or another. */
  get finished(): number {
    return this.completed + this.failed + this.refused + this.noInstance + this.timeouts + this.drops;
  }

  /** The counts as plain data. */
  toCounts(): OutcomeCounts {
    return {
      issued: this.issued,
      completed: this.completed,
      errors: this.failed + this.refused + this.noInstance,
      failed: this.failed,
      refused: this.refused,
      noInstance: this.noInstance,
      timeouts: this.timeouts,
      drops: this.drops,
      inFlightAtEnd: this.issued - this.finished,
    };
  }
}

/** One endpoint's outcomes and the latencies of its successful requests. */
export class EndpointStats extends OutcomeCounters {
  readonly latency = new LatencyHistogram();
}

/** Percentiles and mean of a histogram. */
export function summarize(histogram: LatencyHistogram): LatencySummary {
  const empty = histogram.count === 0;
  return {
    count: histogram.count,
    meanMs: histogram.mean,
    minMs: empty ? 0 : histogram.min,
    p50Ms: histogram.percentile(50),
    p90Ms: histogram.percentile(90),
    p95Ms: histogram.percentile(95),
    p99Ms: histogram.percentile(99),
    maxMs: empty ? 0 : histogram.max,
  };
}

/** One time-series bucket's request counters (finished = completed + errors + timeouts + drops; arrivals come from the issued total). */
class BucketCounters {
  completed = 0;
  errors = 0;
  timeouts = 0;
  drops = 0;
  /** Sum of the completed requests' latencies, ms. */
  latencySum = 0;
  sloGood = 0;

  reset(): void {
    this.completed = 0;
    this.errors = 0;
    this.timeouts = 0;
    this.drops = 0;
    this.latencySum = 0;
    this.sloGood = 0;
  }
}

/** Everything counted during a run. */
export class RunStats {
  readonly overall = new OutcomeCounters();
  readonly endpoints: EndpointStats[];
  waitSum = 0;
  /** Requests that waited in a queue (wait > 0). */
  waited = 0;
  /** Finished requests under the SLO latency. */
  sloGood = 0;
  /** The current bucket's counters, reset (not replaced) when it closes so the hot loop keeps one object of one shape. */
  private readonly bucket = new BucketCounters();
  /** Requests issued (warm-up included) when the current bucket started. */
  private issuedAtBucket = 0;
  readonly series: TimeSeries;

  constructor(
    endpointCount: number,
    private readonly sloLatencyMs: number,
    bucketMs: number,
  ) {
    this.endpoints = Array.from({ length: endpointCount }, () => new EndpointStats());
    this.series = {
      bucketMs,
      t: [],
      replicas: [],
      readyReplicas: [],
      arrivalsPerSec: [],
      throughputPerSec: [],
      errorsPerSec: [],
      timeoutsPerSec: [],
      dropsPerSec: [],
      meanLatencyMs: [],
      sloAttainment: [],
      instances: [],
    };
  }

  /**
   * Sets the issued counts (after the warm-up) from what finished plus what is still in the system:
   * every request issued after the warm-up is counted once when it finishes, so nothing is counted
   * per request as it is issued. `inFlight[e]` = endpoint e's requests in the system, issued after the warm-up.
   */
  settleIssued(inFlight: Int32Array): void {
    let total = 0;
    this.endpoints.forEach((counters, e) => {
      counters.issued = counters.finished + inFlight[e]!;
      total += counters.issued;
    });
    this.overall.issued = total;
  }

  /** Latency histogram over all endpoints (merged on demand, so the hot loop records each latency once). */
  overallLatency(): LatencyHistogram {
    const merged = new LatencyHistogram();
    for (const counters of this.endpoints) merged.merge(counters.latency);
    return merged;
  }

  /** A request was answered after latencyMs, of which waitMs in a queue. */
  recordSuccess(endpoint: number, latencyMs: number, waitMs: number, counted: boolean): void {
    const good = latencyMs <= this.sloLatencyMs;
    const bucket = this.bucket;
    bucket.completed++;
    bucket.latencySum += latencyMs;
    if (good) bucket.sloGood++;
    if (!counted) return;
    const counters = this.endpoints[endpoint]!;
    counters.completed++;
    counters.latency.record(latencyMs);
    this.overall.completed++;
    if (good) this.sloGood++;
    if (waitMs > 0) {
      this.waited++;
      this.waitSum += waitMs;
    }
  }

  /** A request ended without an answer (see the OUTCOME_ constants). */
  recordFailure(endpoint: number, outcome: number, counted: boolean): void {
    const bucket = this.bucket;
    if (outcome === OUTCOME_TIMEOUT) bucket.timeouts++;
    else if (outcome === OUTCOME_DROP) bucket.drops++;
    else bucket.errors++;
    if (!counted) return;
    this.endpoints[endpoint]!.countFailure(outcome);
    this.overall.countFailure(outcome);
  }

  /**
   * Closes the bucket that started at startMs and lasted spanMs: request counters, replica counts,
   * and each instance's utilization and queue length (from its busy/queue areas, brought up to date).
   */
  closeBucket(startMs: number, spanMs: number, instances: readonly Instance[], nowMs: number, issuedSoFar: number): void {
    const series = this.series;
    const perSec = spanMs > 0 ? 1000 / spanMs : 0;
    const bucket = this.bucket;
    series.t.push(startMs);
    series.arrivalsPerSec.push((issuedSoFar - this.issuedAtBucket) * perSec);
    this.issuedAtBucket = issuedSoFar;
    series.throughputPerSec.push(bucket.completed * perSec);
    series.errorsPerSec.push(bucket.errors * perSec);
    series.timeoutsPerSec.push(bucket.timeouts * perSec);
    series.dropsPerSec.push(bucket.drops * perSec);
    series.meanLatencyMs.push(bucket.completed > 0 ? bucket.latencySum / bucket.completed : null);
    const finished = bucket.completed + bucket.errors + bucket.timeouts + bucket.drops;
    series.sloAttainment.push(finished > 0 ? bucket.sloGood / finished : null);
    bucket.reset();
    let replicas = 0;
    let ready = 0;
    const index = series.t.length - 1;
    for (const instance of instances) {
      if (instance.state === 'provisioning' || instance.state === 'ready') replicas++;
      if (instance.state === 'ready') ready++;
      recordInstanceBucket(instance, index, spanMs, nowMs);
    }
    series.replicas.push(replicas);
    series.readyReplicas.push(ready);
  }
}

function recordInstanceBucket(instance: Instance, index: number, spanMs: number, nowMs: number): void {
  const stoppedBefore = instance.state === 'terminated' && instance.stoppedAtMs < nowMs - spanMs;
  if (stoppedBefore) return;
  if (instance.utilizationSeries.length === 0) instance.firstBucket = index;
  instance.account(nowMs);
  const busy = instance.busyArea - instance.busyAreaAtBucket;
  const queued = instance.queueArea - instance.queueAreaAtBucket;
  instance.busyAreaAtBucket = instance.busyArea;
  instance.queueAreaAtBucket = instance.queueArea;
  instance.utilizationSeries.push(spanMs > 0 ? busy / (instance.workers * spanMs) : 0);
  instance.queueSeries.push(spanMs > 0 ? queued / spanMs : 0);
}
