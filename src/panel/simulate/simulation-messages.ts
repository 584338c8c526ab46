/**
 * What the panel and its simulation worker say to each other, and the task the worker runs.
 * The panel starts one Worker per run or comparison, posts one SimulationTask and gets progress
 * messages, then one `done`; Cancel terminates the worker, so a run never waits for a slice to end.
 * Everything here is pure (the engine and plain data), so it is tested without a worker.
 */
import {
  applyChanges,
  compareConfigurations,
  runSimulation,
  SimulationCancelledError,
  SimulationConfigError,
  SimulationLimitError,
  SimulationOverloadError,
  validateConfig,
  type Comparison,
  type ConfigVariant,
  type SimulationConfig,
  type SimulationResult,
} from '../../core/simulator/index';

/** Why a run gave no result. Each message says what happened and what to do. */
export type SimulationFailure =
  /** A field is missing or impossible (SimulationConfigError); `field` is its dotted path, e.g. `pool.instances`. */
  | {
      kind: 'config';
      field: string;
      message: string;
      /** The rule the value broke, after the field name ("must be ≥ 1"), and the value given: the panel words it itself. */
      rule: string;
      /** The value as JSON text, and as a number when it was one. */
      received?: string;
      receivedNumber?: number;
      configuration?: string;
    }
  /** An open model with offered utilization ≥ 1 and unbounded queues (SimulationOverloadError). */
  | { kind: 'overload'; utilization: number; message: string; configuration?: string }
  /** The user cancelled; `events` were processed before the cancellation. */
  | { kind: 'cancelled'; events: number; message: string }
  /** The run reached config.maxEvents. */
  | { kind: 'limit'; maxEvents: number; simulatedMs: number; message: string };

/** One finished run. */
export interface SimulationRun {
  kind: 'result';
  result: SimulationResult;
  /** Wall-clock time in the worker from start to result, ms. */
  wallMs: number;
  /** An identical configuration ran before: the result came from the cache engine (memoized). */
  fromCache?: boolean;
}

/** One finished comparison: the base (first) and its variants, side by side. */
export interface SimulationComparison {
  kind: 'comparison';
  comparison: Comparison;
  /** Wall-clock time in the worker for all runs, ms. */
  wallMs: number;
}

/** What the panel asks its worker to do: one run, or a base and its variants (deep-merged changes). */
export type SimulationTask = { kind: 'simulate'; config: SimulationConfig } | { kind: 'compare'; base: SimulationConfig; variants: ConfigVariant[] };

/** The reply a task ends with. */
export type SimulationReply<T extends SimulationTask> = (T extends { kind: 'simulate' } ? SimulationRun : SimulationComparison) | SimulationFailure;

/** Worker → panel: progress (fraction done, events of the current run, the line the panel shows), then the reply. */
export type SimulationWorkerMessage =
  | { type: 'progress'; fraction: number; events: number; message: string }
  | { type: 'done'; reply: SimulationRun | SimulationComparison | SimulationFailure };

/** Events per slice between two progress checks: a few tens of ms of work. */
export const EVENTS_PER_SLICE = 100_000;
/** At most one progress message per this many ms (and always the last one). */
export const PROGRESS_INTERVAL_MS = 100;

/** The notice of a cancelled run, after `events` events. */
export function cancelledFailure(events: number): SimulationFailure {
  return { kind: 'cancelled', events, message: `Simulation cancelled after ${events.toLocaleString('en-US')} events; nothing was kept. Run it again when ready.` };
}

/** The engine's errors as a reply the panel can show (field, utilization); anything else is rethrown. */
export function failureOf(error: unknown, configuration?: string): SimulationFailure {
  const where = configuration ? { configuration } : {};
  if (error instanceof SimulationConfigError) {
    return { kind: 'config', field: error.field, message: error.message, ...error.rejected, ...where };
  }
  if (error instanceof SimulationOverloadError) return { kind: 'overload', utilization: error.utilization, message: error.message, ...where };
  if (error instanceof SimulationCancelledError) return cancelledFailure(error.events);
  if (error instanceof SimulationLimitError) return { kind: 'limit', maxEvents: error.maxEvents, simulatedMs: error.simulatedMs, message: error.message };
  throw error;
}

/** How much a run simulates, for its progress line: "600 s simulated" or "100,000 requests". */
export function simulatedSpan(config: SimulationConfig): string {
  if (typeof config.durationMs === 'number' && config.durationMs > 0) return `${Math.round(config.durationMs / 1000).toLocaleString('en-US')} s simulated`;
  return `${(config.maxRequests ?? 0).toLocaleString('en-US')} requests`;
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)} %`;
}

/** Passes progress on at most every `intervalMs` (by `now`), and always at fraction 1. */
export function throttleProgress(intervalMs: number, now: () => number, report: (fraction: number, events: number) => void): (fraction: number, events: number) => void {
  let last = -Infinity;
  return (fraction, events) => {
    const at = now();
    if (fraction < 1 && at - last < intervalMs) return;
    last = at;
    report(fraction, events);
  };
}

/**
 * Runs a task to its reply, posting progress on the way. Runs synchronously between the posts:
 * in a worker nothing else waits for this thread, and Cancel terminates it.
 */
export function runTask(task: SimulationTask, post: (message: SimulationWorkerMessage) => void, now: () => number = Date.now): SimulationRun | SimulationComparison | SimulationFailure {
  const started = now();
  try {
    if (task.kind === 'simulate') {
      const span = simulatedSpan(task.config);
      const report = throttleProgress(PROGRESS_INTERVAL_MS, now, (fraction, events) => post({ type: 'progress', fraction, events, message: `Simulating: ${percent(fraction)} of ${span}` }));
      report(0, 0);
      const result = runSimulation(task.config, { onProgress: report, progressEvery: EVENTS_PER_SLICE });
      return { kind: 'result', result, wallMs: now() - started };
    }
    // Check every configuration before running any, so a bad variant does not waste the others' runs.
    const named = [{ name: 'base', config: task.base }, ...task.variants.map((v) => ({ name: v.name, config: applyChanges(task.base, v.changes) }))];
    for (const { name, config } of named) {
      try {
        validateConfig(config);
      } catch (error) {
        const failure = failureOf(error, name);
        return { ...failure, message: `Configuration “${name}”: ${failure.message}` };
      }
    }
    const count = named.length;
    const report = throttleProgress(PROGRESS_INTERVAL_MS, now, (fraction, events) => {
      const index = Math.min(count - 1, Math.floor(fraction * count));
      post({ type: 'progress', fraction, events, message: `Comparing: configuration ${index + 1} of ${count} (${named[index]!.name}), ${percent(fraction)} overall` });
    });
    report(0, 0);
    const comparison = compareConfigurations(task.base, task.variants, { onProgress: report, progressEvery: EVENTS_PER_SLICE });
    return { kind: 'comparison', comparison, wallMs: now() - started };
  } catch (error) {
    return failureOf(error);
  }
}
