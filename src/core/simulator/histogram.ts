/**
 * Latency histogram with log-linear buckets, as HdrHistogram does it: the bucket of a value is
 * read from the bits of its IEEE-754 double — the exponent and the top 6 bits of the mantissa —
 * so each power of two is split into 64 equal buckets and recording costs no logarithm.
 * A bucket spans at most 1/64 of its lower bound; a percentile is reported as the bucket's
 * midpoint, so its relative error is at most 1/128 < 0.8 % (and it is clamped to the exact
 * min/max). Values below 2^-10 ms (≈ 1 µs) share one underflow bucket and report as 0; values
 * above 2^32 ms (≈ 50 days) share the top bucket. Count, sum (mean), min and max are exact.
 * Memory is fixed (about 24 KB), whatever the number of requests.
 */

const SUB_BUCKET_BITS = 6;
/** Smallest exponent with its own buckets: 2^-10 ms. */
const MIN_EXPONENT = -10;
/** Largest: values up to 2^33 ms. */
const MAX_EXPONENT = 32;
const BUCKETS = (MAX_EXPONENT - MIN_EXPONENT + 1) << SUB_BUCKET_BITS;
/** High 32 bits of a double: sign (1), biased exponent (11), mantissa (20). */
const SHIFT = 20 - SUB_BUCKET_BITS;
const FIRST_INDEX = (MIN_EXPONENT + 1023) << SUB_BUCKET_BITS;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
/** Index of the high word: 1 on little-endian hosts. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Documented accuracy of every percentile this module returns. */
export const PERCENTILE_METHOD =
  'log-linear histogram (64 buckets per power of two), ≤0.8% relative error; values under 1 µs report as 0; count, mean, min and max exact';

/** Bucket index of a value (−1 for the underflow bucket). */
export function bucketOf(valueMs: number): number {
  scratch[0] = valueMs;
  const index = (words[HIGH]! >>> SHIFT) - FIRST_INDEX;
  return index < 0 || valueMs <= 0 ? -1 : index < BUCKETS ? index : BUCKETS - 1;
}

/** Lower bound of a bucket, ms. */
function bucketLowerBound(bucket: number): number {
  words[HIGH] = (bucket + FIRST_INDEX) << SHIFT;
  words[1 - HIGH] = 0;
  return scratch[0]!;
}

/** Values held before they are added to the buckets. */
const PENDING = 256;

/**
 * Counts of durations in log-linear buckets, plus exact count, sum, min and max. record() only
 * appends to a small block; the block is added to the buckets (in recording order, so every figure
 * is the same as adding each value at once) when it is full or the histogram is read, in a loop
 * that keeps the running sum, min and max in locals.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private underflow = 0;
  private recorded = 0;
  private total = 0;
  private low = Infinity;
  private high = -Infinity;
  private readonly pending = new Float64Array(PENDING);
  private pendingCount = 0;

  /** Records a value. */
  record(valueMs: number): void {
    if (this.pendingCount === PENDING) this.flush();
    this.pending[this.pendingCount++] = valueMs;
  }

  /** Values recorded. */
  get count(): number {
    this.flush();
    return this.recorded;
  }

  /** Sum of values, ms. */
  get sum(): number {
    this.flush();
    return this.total;
  }

  /** Smallest value, ms (Infinity when empty). */
  get min(): number {
    this.flush();
    return this.low;
  }

  /** Largest value, ms (−Infinity when empty). */
  get max(): number {
    this.flush();
    return this.high;
  }

  /** Mean, ms (0 when empty). */
  get mean(): number {
    this.flush();
    return this.recorded > 0 ? this.total / this.recorded : 0;
  }

  /** The p-th percentile (0 < p ≤ 100) by nearest rank, ms; 0 when empty. */
  percentile(p: number): number {
    this.flush();
    if (this.recorded === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.recorded));
    let seen = this.underflow;
    if (seen >= rank) return 0;
    for (let k = 0; k < BUCKETS; k++) {
      seen += this.counts[k]!;
      if (seen >= rank) return clamp((bucketLowerBound(k) + bucketLowerBound(k + 1)) / 2, this.low, this.high);
    }
    return this.high;
  }

  /** Adds another histogram's counts into this one. */
  merge(other: LatencyHistogram): void {
    this.flush();
    other.flush();
    for (let k = 0; k < BUCKETS; k++) this.counts[k]! += other.counts[k]!;
    this.underflow += other.underflow;
    this.recorded += other.recorded;
    this.total += other.total;
    this.low = Math.min(this.low, other.low);
    this.high = Math.max(this.high, other.high);
  }

  /** Adds the pending block to the buckets. */
  private flush(): void {
    const n = this.pendingCount;
    if (n === 0) return;
    const pending = this.pending;
    const counts = this.counts;
    let underflow = this.underflow;
    let sum = this.total;
    let min = this.low;
    let max = this.high;
    for (let i = 0; i < n; i++) {
      const value = pending[i]!;
      const bucket = bucketOf(value);
      if (bucket < 0) underflow++;
      else counts[bucket]!++;
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    this.underflow = underflow;
    this.recorded += n;
    this.total = sum;
    this.low = min;
    this.high = max;
    this.pendingCount = 0;
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
