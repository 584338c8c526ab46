/**
 * Open-model arrivals: a Poisson process whose rate follows a constant, diurnal (sinusoidal) or
 * step pattern. Steps are exact (a new exponential gap is drawn at each boundary, which the
 * memoryless property allows); the diurnal pattern uses thinning (Lewis & Shedler, 1979).
 */
import { SampleBlock, Sampler } from './distributions.ts';
import type { Rng } from './rng.ts';
import type { ArrivalPattern } from './workload.ts';

/** Rate of the pattern at time t, requests per second. */
export function rateAt(pattern: ArrivalPattern, tMs: number): number {
  switch (pattern.pattern) {
    case 'constant':
      return pattern.ratePerSec;
    case 'diurnal':
      return pattern.meanRatePerSec * (1 + pattern.amplitude * Math.sin((2 * Math.PI * (tMs + (pattern.phaseMs ?? 0))) / pattern.periodMs));
    case 'step': {
      let rate = 0;
      for (const step of pattern.steps) if (step.atMs <= tMs) rate = step.ratePerSec;
      return rate;
    }
  }
}

/**
 * Mean rate over [0, horizonMs], requests per second; with an infinite horizon, the long-run rate
 * (the diurnal mean, the last step's rate).
 */
export function meanRatePerSec(pattern: ArrivalPattern, horizonMs: number): number {
  switch (pattern.pattern) {
    case 'constant':
      return pattern.ratePerSec;
    case 'diurnal':
      return pattern.meanRatePerSec;
    case 'step': {
      const steps = pattern.steps;
      if (!Number.isFinite(horizonMs)) return steps[steps.length - 1]!.ratePerSec;
      let area = 0;
      steps.forEach((step, i) => {
        const end = Math.min(horizonMs, steps[i + 1]?.atMs ?? horizonMs);
        if (end > step.atMs) area += step.ratePerSec * (end - step.atMs);
      });
      return area / horizonMs;
    }
  }
}

/** Draws successive arrival times of one pattern. Call next() with non-decreasing times. */
export class ArrivalProcess {
  private stepIndex = -1;
  /**
   * A constant pattern's gaps (exponential, drawn a block at a time: the stream is its own), else null.
   * A hot loop reads them itself (`now + constantGaps.next()`): a call to next() that is not inlined boxes the time passed and returned.
   */
  readonly constantGaps: SampleBlock | null;

  constructor(
    private readonly pattern: ArrivalPattern,
    private readonly rng: Rng,
  ) {
    this.constantGaps = pattern.pattern === 'constant' ? new SampleBlock(Sampler.of({ type: 'exponential', meanMs: 1000 / pattern.ratePerSec }), rng) : null;
  }

  /** The first arrival after tMs, or Infinity when no arrival will ever come. */
  next(tMs: number): number {
    // The constant case stays a one-liner so that the engine's call inlines it.
    const gaps = this.constantGaps;
    return gaps !== null ? tMs + gaps.next() : this.nextVarying(tMs);
  }

  private nextVarying(tMs: number): number {
    const pattern = this.pattern;
    return pattern.pattern === 'diurnal' ? this.nextDiurnal(tMs, pattern) : this.nextStep(tMs, (pattern as Extract<ArrivalPattern, { pattern: 'step' }>).steps);
  }

  private nextDiurnal(tMs: number, pattern: Extract<ArrivalPattern, { pattern: 'diurnal' }>): number {
    const peakPerSec = pattern.meanRatePerSec * (1 + pattern.amplitude);
    let t = tMs;
    for (;;) {
      t += this.rng.exponential(1000 / peakPerSec);
      if (this.rng.next() * peakPerSec <= rateAt(pattern, t)) return t;
    }
  }

  private nextStep(tMs: number, steps: { atMs: number; ratePerSec: number }[]): number {
    let t = tMs;
    for (;;) {
      while (this.stepIndex + 1 < steps.length && steps[this.stepIndex + 1]!.atMs <= t) this.stepIndex++;
      const rate = this.stepIndex >= 0 ? steps[this.stepIndex]!.ratePerSec : 0;
      const boundary = steps[this.stepIndex + 1]?.atMs ?? Infinity;
      const candidate = rate > 0 ? t + this.rng.exponential(1000 / rate) : Infinity;
      if (candidate < boundary) return candidate;
      if (boundary === Infinity) return Infinity;
      t = boundary;
    }
  }
}
