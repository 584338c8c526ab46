/**
 * Panel -> background requests of the simulator capability, and their replies. Only the workload
 * comes from the background; runs happen in a worker of the panel page (src/panel/simulate).
 */
import type { SimulationResult, Workload } from '../core/simulator/index';

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

export interface SimulatorRequests {
  /** Derives the workload of a session: `sessionId` when given (a pinned stored session), else the tab's live or latest one. */
  simulatorWorkload: { tabId: number; sessionId?: string };
  /** The memoized result of an identical configuration (key from core/cache/memo's memoKey), or null. */
  simulationMemo: { key: string };
  /** Keeps a finished run's result for identical configurations (in the cache engine). */
  storeSimulationMemo: { key: string; result: SimulationResult };
}

export interface SimulatorReplies {
  simulatorWorkload: SimulatorWorkload;
  simulationMemo: SimulationResult | null;
  storeSimulationMemo: void;
}
