import { median, quantileSorted, sortedFinite } from './quantile';
import { seededRandom, type RandomSource } from './random';

/** Options of {@link bootstrapMedianDifference}. */
export interface BootstrapOptions {
  /** Resamples drawn (default 2000). */
  iterations?: number;
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
  /** Seed of the generator, so the interval is reproducible (default 1). */
  seed?: number;
}

/** A percentile-bootstrap confidence interval of median(after) − median(before). */
export interface MedianDifferenceInterval {
  /** median(after) − median(before) on the observed samples. */
  estimate: number;
  low: number;
  high: number;
  confidence: number;
  iterations: number;
}

/**
 * Percentile bootstrap of the difference of medians (after − before): both samples are
 * resampled with replacement, independently, `iterations` times. Null when a sample is empty.
 */
export function bootstrapMedianDifference(
  before: readonly number[],
  after: readonly number[],
  options: BootstrapOptions = {},
): MedianDifferenceInterval | null {
  const a = sortedFinite(before);
  const b = sortedFinite(after);
  if (a.length === 0 || b.length === 0) return null;
  const iterations = Math.max(1, Math.floor(options.iterations ?? 2000));
  const confidence = options.confidence ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const differences = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    differences[i] = resampledMedian(b, random) - resampledMedian(a, random);
  }
  differences.sort();
  const sorted = Array.from(differences);
  const tail = (1 - confidence) / 2;
  return {
    estimate: median(b)! - median(a)!,
    low: quantileSorted(sorted, tail)!,
    high: quantileSorted(sorted, 1 - tail)!,
    confidence,
    iterations,
  };
}

function resampledMedian(sample: readonly number[], random: RandomSource): number {
  const draw = new Float64Array(sample.length);
  for (let i = 0; i < sample.length; i++) draw[i] = sample[Math.floor(random() * sample.length)]!;
  draw.sort();
  return quantileSorted(Array.from(draw), 0.5)!;
}
