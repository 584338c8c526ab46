/**
 * Running simulations: to the end in one call (runSimulation), in slices that yield to the host
 * between them (runSimulationAsync, for a host that must report progress and stay
 * cancellable), and several configurations side by side (compareConfigurations).
 */
import type { SimulationConfig } from './config.ts';
import { Simulation } from './engine.ts';
import { SimulationCancelledError } from './errors.ts';
import type { SimulationResult } from './results.ts';

/** Anything with an `aborted` flag: an AbortSignal, or a plain object the host flips. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface RunOptions {
  /** Checked between slices; when aborted the run throws SimulationCancelledError. */
  signal?: CancelSignal;
  /** Called after each slice with the fraction done (non-decreasing, 1 at the end) and the events the current run has processed. */
  onProgress?: (fraction: number, events: number) => void;
  /** Events per slice. Default 250 000 (a few tens of ms). */
  progressEvery?: number;
}

export interface AsyncRunOptions extends RunOptions {
  /** Awaited between slices so messages (a cancel) can arrive. Default: a zero-delay timer. */
  yieldToHost?: () => Promise<void>;
}

const DEFAULT_SLICE = 250_000;

function defaultYield(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs a simulation to the end, synchronously.
 * Throws SimulationConfigError / SimulationOverloadError for a bad configuration,
 * SimulationCancelledError when the signal is aborted, SimulationLimitError at config.maxEvents.
 */
export function runSimulation(config: SimulationConfig, options: RunOptions = {}): SimulationResult {
  const simulation = new Simulation(config);
  const slice = options.progressEvery ?? DEFAULT_SLICE;
  for (;;) {
    throwIfAborted(options.signal, simulation);
    const done = simulation.advance(slice);
    options.onProgress?.(simulation.progress, simulation.events);
    if (done) return simulation.result();
  }
}

/** Like runSimulation, but awaits options.yieldToHost between slices. */
export async function runSimulationAsync(config: SimulationConfig, options: AsyncRunOptions = {}): Promise<SimulationResult> {
  const simulation = new Simulation(config);
  const slice = options.progressEvery ?? DEFAULT_SLICE;
  const yieldToHost = options.yieldToHost ?? defaultYield;
  for (;;) {
    throwIfAborted(options.signal, simulation);
    const done = simulation.advance(slice);
    options.onProgress?.(simulation.progress, simulation.events);
    if (done) return simulation.result();
    await yieldToHost();
  }
}

function throwIfAborted(signal: CancelSignal | undefined, simulation: Simulation): void {
  if (signal?.aborted) throw new SimulationCancelledError(simulation.events);
}

/** A partial configuration: objects merge into the base, arrays and values replace. */
export type ConfigChanges = { [K in keyof SimulationConfig]?: SimulationConfig[K] extends object ? DeepPartial<SimulationConfig[K]> : SimulationConfig[K] };
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** One alternative to compare against the base configuration. */
export interface ConfigVariant {
  name: string;
  changes: ConfigChanges;
}

/** One configuration's headline figures. */
export interface ComparisonRow {
  name: string;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  throughputPerSec: number;
  /** (errors + timeouts + drops) ÷ issued. */
  errorRate: number;
  sloAttainment: number;
  sloMet: boolean;
  instanceHours: number;
  cost: number;
  peakReplicas: number;
}

/** The base and its variants, side by side (base first). */
export interface Comparison {
  rows: ComparisonRow[];
  /** Per variant: each numeric figure ÷ the base's (NaN where the base is 0). */
  relativeToBase: { name: string; ratios: Record<string, number> }[];
  results: SimulationResult[];
}

/** Deep-merges changes into a base configuration (plain objects merge; arrays and values replace). */
export function applyChanges(base: SimulationConfig, changes: ConfigChanges): SimulationConfig {
  return mergeDeep(base, changes) as SimulationConfig;
}

function mergeDeep(base: unknown, changes: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes === undefined ? base : changes;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) merged[key] = mergeDeep(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowOf(name: string, result: SimulationResult): ComparisonRow {
  const requests = result.requests;
  const unanswered = requests.errors + requests.timeouts + requests.drops;
  return {
    name,
    meanMs: result.latency.meanMs,
    p50Ms: result.latency.p50Ms,
    p95Ms: result.latency.p95Ms,
    p99Ms: result.latency.p99Ms,
    throughputPerSec: result.throughputPerSec,
    errorRate: requests.issued > 0 ? unanswered / requests.issued : 0,
    sloAttainment: result.slo.attainment,
    sloMet: result.slo.met,
    instanceHours: result.cost.instanceHours,
    cost: result.cost.total,
    peakReplicas: result.scaling.peakReplicas,
  };
}

function ratios(row: ComparisonRow, base: ComparisonRow): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(row)) {
    const baseValue = base[key as keyof ComparisonRow];
    if (typeof value === 'number' && typeof baseValue === 'number') out[key] = baseValue === 0 ? NaN : value / baseValue;
  }
  return out;
}

/**
 * Runs the base configuration and each variant (same seed unless a variant changes it, so they
 * see the same arrivals and service times) and lines up their figures. Progress covers all runs.
 */
export function compareConfigurations(base: SimulationConfig, variants: ConfigVariant[], options: RunOptions = {}): Comparison {
  const runs = comparedConfigs(base, variants);
  const results = runs.map(({ config }, i) => runSimulation(config, { ...options, onProgress: overallProgress(options, i, runs.length) }));
  return comparison(runs, results);
}

/** Like compareConfigurations, one run after the other, each yielding to the host between slices. */
export async function compareConfigurationsAsync(base: SimulationConfig, variants: ConfigVariant[], options: AsyncRunOptions = {}): Promise<Comparison> {
  const runs = comparedConfigs(base, variants);
  const results: SimulationResult[] = [];
  for (const [i, { config }] of runs.entries()) {
    results.push(await runSimulationAsync(config, { ...options, onProgress: overallProgress(options, i, runs.length) }));
  }
  return comparison(runs, results);
}

function comparedConfigs(base: SimulationConfig, variants: ConfigVariant[]): { name: string; config: SimulationConfig }[] {
  return [{ name: 'base', config: base }, ...variants.map((variant) => ({ name: variant.name, config: applyChanges(base, variant.changes) }))];
}

function overallProgress(options: RunOptions, index: number, count: number): RunOptions['onProgress'] {
  const report = options.onProgress;
  return report ? (fraction, events) => report((index + fraction) / count, events) : undefined;
}

function comparison(runs: { name: string }[], results: SimulationResult[]): Comparison {
  const rows = results.map((result, i) => rowOf(runs[i]!.name, result));
  const baseRow = rows[0]!;
  return {
    rows,
    relativeToBase: rows.slice(1).map((row) => ({ name: row.name, ratios: ratios(row, baseRow) })),
    results,
  };
}
