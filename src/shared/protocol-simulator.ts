/**
 * Panel -> background requests of the simulator capability, and their replies.
 * Runs happen in the service worker; while one runs the background pushes
 * `{type: 'progress', task: SIMULATION_TASK}` to the tab's panels (which also keeps the worker alive).
 */
import type { Comparison, ConfigVariant, SimulationConfig, SimulationResult, Workload } from '../core/simulator/index';

/** The progress task name of simulation runs and comparisons. */
export const SIMULATION_TASK = 'simulation';

/** The workload derived from a captured session (closed model with the measured think time). */
export type SimulatorWorkload =
  | {
      kind: 'workload';
      sessionId: string;
      sessionName: string;
      /** workloadFromSession's result: endpoints (route templates) with measured service times, request mix, think time. */
      workload: Workload;
    }
  /** The session cannot give a workload yet; `message` says why and what to do. */
  | { kind: 'none'; sessionId: string | null; message: string };

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
  /** The user cancelled; `events` were processed before the cancellation was seen. */
  | { kind: 'cancelled'; events: number; message: string }
  /** The run reached config.maxEvents. */
  | { kind: 'limit'; maxEvents: number; simulatedMs: number; message: string };

/** One finished run. */
export interface SimulationRun {
  kind: 'result';
  result: SimulationResult;
  /** Wall-clock time in the service worker from start to result, ms, yields included. */
  wallMs: number;
  /** An identical configuration ran before: the result came from the cache engine (memoized). */
  fromCache?: boolean;
}

/** One finished comparison: the base (first) and its variants, side by side. */
export interface SimulationComparison {
  kind: 'comparison';
  comparison: Comparison;
  /** Wall-clock time in the service worker for all runs, ms. */
  wallMs: number;
}

export interface SimulatorRequests {
  /** Derives the workload of a session: `sessionId` when given (a pinned stored session), else the tab's live or latest one. */
  simulatorWorkload: { tabId: number; sessionId?: string };
  /** Runs one configuration in the service worker. One run per tab at a time. */
  simulate: { tabId: number; config: SimulationConfig };
  /** Runs the base and each variant (deep-merged changes) one after the other, as one task. */
  compareSimulations: { tabId: number; base: SimulationConfig; variants: ConfigVariant[] };
  /** Cancels the tab's run or comparison between two slices. */
  cancelSimulation: { tabId: number };
}

export interface SimulatorReplies {
  simulatorWorkload: SimulatorWorkload;
  simulate: SimulationRun | SimulationFailure;
  compareSimulations: SimulationComparison | SimulationFailure;
  cancelSimulation: { cancelled: boolean };
}
