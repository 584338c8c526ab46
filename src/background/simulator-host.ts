import { workloadFromSession, type SimulationResult } from '../core/simulator/index';
import type { SimulatorRequests, SimulatorWorkload } from '../shared/protocol-simulator';
import type { BackgroundContext, HandlerMap } from './handlers';

/** Where memoized simulator results live in the cache engine, and for how long, ms. */
export const SIMULATION_MEMO_NAMESPACE = 'memo:simulator';
const SIMULATION_MEMO_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The background side of the simulator capability: the workload of a stored session. Runs happen
 * in a worker of the panel page (src/panel/simulate/simulation-worker.ts), never on this thread,
 * which records capture.
 */
export function simulatorHandlers(context: BackgroundContext): HandlerMap<keyof SimulatorRequests> {
  return {
    async simulationMemo({ key }) {
      try {
        const value = await context.cache.store.memoStore().get(SIMULATION_MEMO_NAMESPACE, key);
        return (value as SimulationResult | undefined) ?? null;
      } catch {
        return null; // a failing cache costs a recomputation, nothing more
      }
    },
    async storeSimulationMemo({ key, result }) {
      await context.cache.store.memoStore().put(SIMULATION_MEMO_NAMESPACE, key, result, SIMULATION_MEMO_TTL_MS).catch(() => {});
    },
    async simulatorWorkload({ tabId, sessionId }): Promise<SimulatorWorkload> {
      const store = await context.store;
      const id = sessionId ?? (await context.tabState.activeSession(tabId)) ?? (await store.latestSessionOfTab(tabId))?.id ?? null;
      const data = id ? await store.loadSession(id) : null;
      if (!data) {
        return { kind: 'none', sessionId: id, message: 'No captured session for this tab yet. Use the admin app in this tab (with recording on) so its API requests are captured, then the workload appears here.' };
      }
      try {
        return { kind: 'workload', sessionId: data.session.id, sessionName: data.session.name, workload: workloadFromSession(data, { model: 'closed' }) };
      } catch (error) {
        return {
          kind: 'none',
          sessionId: data.session.id,
          message: `${(error as Error).message}. Use pages of the app that call its API (fetch or XHR requests that reach the network) and the endpoints appear here.`,
        };
      }
    },
  };
}
