/**
 * Latency histogram with log-linear buckets, as HdrHistogram does it: the bucket of a value is
 * read from the bits of its IEEE-754 double — the exponent and the top 6 bits of the mantissa —
 * so each power of two is split into 64 equal buckets and recording costs no logarithm.
 * A bucket spans at most 1/64 of its lower bound; a percentile is reported as the bucket's
 * midpoint, so its relative error is at most 1/128 < 0.8 % (and it is clamped to the exact
 * min/max). Values below 2^-10 ms (≈ 1 µs) share one underflow bucket and report as 0; values
 * above 2^32 ms (≈ 50 days) share the top bucket. Count, sum (mean), min and max are exact.
 * Memory is fixed (about 22 KB), whatever the number of requests.
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

/** Counts of durations in log-linear buckets, plus exact count, sum, min and max. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private underflow = 0;
  /** Values recorded. */
  count = 0;
  /** Sum of values, ms. */
  sum = 0;
  min = Infinity;
  max = -Infinity;

  /** Records a value. */
  record(valueMs: number): void {
    const bucket = bucketOf(valueMs);
    if (bucket < 0) this.underflow++;
    else this.counts[bucket]!++;
    this.count++;
    this.sum += valueMs;
    if (valueMs < this.min) this.min = valueMs;
    if (valueMs > this.max) this.max = valueMs;
  }

  /** Mean, ms (0 when empty). */
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The p-th percentile (0 < p ≤ 100) by nearest rank, ms; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = this.underflow;
    if (seen >= rank) return 0;
    for (let k = 0; k < BUCKETS; k++) {
      seen += this.counts[k]!;
      if (seen >= rank) return clamp((bucketLowerBound(k) + bucketLowerBound(k + 1)) / 2, this.min, this.max);
    }
    return this.max;
  }

  /** Adds another histogram's counts into this one. */
  merge(other: LatencyHistogram): void {
    for (let k = 0; k < BUCKETS; k++) this.counts[k]! += other.counts[k]!;
    this.underflow += other.underflow;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
