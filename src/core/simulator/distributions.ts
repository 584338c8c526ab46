/**
 * Time distributions (service times, think times), as plain JSON a user can write, and their
 * compiled samplers. All values are milliseconds.
 */
import type { Rng } from './rng.ts';

/** A distribution of durations in ms, as written in a workload. */
export type Distribution =
  /** Exponential (memoryless) with this mean. */
  | { type: 'exponential'; meanMs: number }
  /** Always the same duration. */
  | { type: 'constant'; valueMs: number }
  /** Uniform between two bounds. */
  | { type: 'uniform'; minMs: number; maxMs: number }
  /** Log-normal: ln(X) ~ Normal(ln(medianMs), sigma²). */
  | { type: 'lognormal'; medianMs: number; sigma: number }
  /** Resamples measured values (each equally likely); meanMs is informative (the fitted mean). */
  | { type: 'empirical'; valuesMs: readonly number[]; meanMs?: number };

export type DistributionType = Distribution['type'];
export const DISTRIBUTION_TYPES: readonly DistributionType[] = ['exponential', 'constant', 'uniform', 'lognormal', 'empirical'];

const EXPONENTIAL = 0;
const CONSTANT = 1;
const UNIFORM = 2;
const LOGNORMAL = 3;
const EMPIRICAL = 4;

/** A distribution compiled for the hot loop: a code and two parameters, no closures. */
export class Sampler {
  private constructor(
    private readonly code: number,
    private readonly a: number,
    private readonly b: number,
    private readonly values: Float64Array,
    /** Mean of the distribution, ms. */
    readonly mean: number,
  ) {}

  /** Compiles a validated distribution. */
  static of(distribution: Distribution): Sampler {
    const none = new Float64Array(0);
    switch (distribution.type) {
      case 'exponential':
        return new Sampler(EXPONENTIAL, distribution.meanMs, 0, none, distribution.meanMs);
      case 'constant':
        return new Sampler(CONSTANT, distribution.valueMs, 0, none, distribution.valueMs);
      case 'uniform': {
        const { minMs, maxMs } = distribution;
        return new Sampler(UNIFORM, minMs, maxMs - minMs, none, (minMs + maxMs) / 2);
      }
      case 'lognormal': {
        const mu = Math.log(distribution.medianMs);
        const sigma = distribution.sigma;
        return new Sampler(LOGNORMAL, mu, sigma, none, Math.exp(mu + (sigma * sigma) / 2));
      }
      case 'empirical': {
        const values = Float64Array.from(distribution.valuesMs);
        return new Sampler(EMPIRICAL, values.length, 0, values, meanOf(values));
      }
    }
  }

  /** One duration, ms. */
  sample(rng: Rng): number {
    switch (this.code) {
      case EXPONENTIAL:
        return rng.exponential(this.a);
      case CONSTANT:
        return this.a;
      case UNIFORM:
        return this.a + this.b * rng.next();
      case LOGNORMAL:
        return Math.exp(this.a + this.b * rng.normal());
      default:
        return this.values[Math.floor(rng.next() * this.a)]!;
    }
  }

  /** Fills target[from..to) with sample(rng) draws, in order (one loop per kind instead of a switch per draw). */
  fill(target: Float64Array, from: number, to: number, rng: Rng): void {
    const a = this.a;
    if (this.code === EXPONENTIAL) for (let i = from; i < to; i++) target[i] = rng.exponential(a);
    else for (let i = from; i < to; i++) target[i] = this.sample(rng);
  }
}

/** Arithmetic mean of a list (0 when empty). */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length > 0 ? sum / values.length : 0;
}

/** Mean of a distribution as written, ms. */
export function distributionMean(distribution: Distribution): number {
  return Sampler.of(distribution).mean;
}

/** Values drawn per block: a block of 256 is a few µs of work and 2 KB. */
export const SAMPLE_BLOCK_SIZE = 256;

/**
 * Draws of one sampler from a random stream nothing else reads, made a block at a time: the same
 * values in the same order as calling sample() each time, but the hot loop reads a typed array
 * instead of calling into the sampler (a double returned by a call that is not inlined is boxed).
 */
export class SampleBlock {
  private readonly values = new Float64Array(SAMPLE_BLOCK_SIZE);
  private index = SAMPLE_BLOCK_SIZE;

  constructor(
    private readonly sampler: Sampler,
    private readonly rng: Rng,
  ) {}

  /** The next value. */
  next(): number {
    if (this.index === SAMPLE_BLOCK_SIZE) this.refill();
    return this.values[this.index++]!;
  }

  private refill(): void {
    const values = this.values;
    this.sampler.fill(values, 0, SAMPLE_BLOCK_SIZE, this.rng);
    this.index = 0;
  }
}
