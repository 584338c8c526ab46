import browser, { type Runtime } from 'webextension-polyfill';
import {
  applyChanges,
  compareConfigurationsAsync,
  runSimulationAsync,
  SimulationCancelledError,
  SimulationConfigError,
  SimulationLimitError,
  SimulationOverloadError,
  validateConfig,
  workloadFromSession,
  type SimulationConfig,
} from '../core/simulator/index';
import { SIMULATION_TASK, type SimulationFailure, type SimulatorRequests, type SimulatorWorkload } from '../shared/protocol-simulator';
import type { BackgroundContext, HandlerMap } from './handlers';
import { memoize } from '../core/cache/memo';

/** How long a simulation result is kept for an identical configuration, ms. */
const SIMULATION_MEMO_TTL_MS = 24 * 60 * 60 * 1000;

/** Events per slice: about 20–60 ms of work in the worker, then it yields so messages (a cancel) get in. */
const EVENTS_PER_SLICE = 100_000;
/** At most one progress push per this many ms (each push also tells Chrome the worker is in use). */
const PROGRESS_INTERVAL_MS = 100;
/**
 * Chrome stops an extension service worker after 30 s without extension events. Progress pushes
 * over the panel port count as activity (Chrome 114+); an extension API call every 20 s is the
 * documented fallback, so a run of several minutes is never cut short.
 */
const KEEP_ALIVE_MS = 20_000;

/** A run in progress: its cancel flag (the engine's signal) and how to unregister it. */
interface ActiveRun {
  signal: { aborted: boolean };
  end(): void;
}

/** Reports progress to the tab's panels, at most every PROGRESS_INTERVAL_MS (and always at the end). */
function progressReporter(context: BackgroundContext, tabId: number, describe: (fraction: number) => string): (fraction: number) => void {
  let last = 0;
  return (fraction) => {
    const now = Date.now();
    if (fraction < 1 && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    context.panels.progress(tabId, SIMULATION_TASK, fraction, describe(fraction));
  };
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)} %`;
}

/** The engine's errors as a reply the panel can show (field, utilization); anything else is rethrown. */
function failureOf(error: unknown, configuration?: string): SimulationFailure {
  const where = configuration ? { configuration } : {};
  if (error instanceof SimulationConfigError) {
    return { kind: 'config', field: error.field, message: error.message, ...error.rejected, ...where };
  }
  if (error instanceof SimulationOverloadError) return { kind: 'overload', utilization: error.utilization, message: error.message, ...where };
  if (error instanceof SimulationCancelledError) return { kind: 'cancelled', events: error.events, message: `Simulation cancelled after ${error.events.toLocaleString('en-US')} events; nothing was kept. Run it again when ready.` };
  if (error instanceof SimulationLimitError) return { kind: 'limit', maxEvents: error.maxEvents, simulatedMs: error.simulatedMs, message: error.message };
  throw error;
}

function simulatedSpan(config: SimulationConfig): string {
  if (typeof config.durationMs === 'number' && config.durationMs > 0) return `${Math.round(config.durationMs / 1000).toLocaleString('en-US')} s simulated`;
  return `${(config.maxRequests ?? 0).toLocaleString('en-US')} requests`;
}

/** The runs in progress, by tab, and the keep-alive timer while there is one. */
function createRunRegistry() {
  const runs = new Map<number, ActiveRun>();
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  return {
    get: (tabId: number) => runs.get(tabId),
    /**
     * Registers a run for a tab. The reply can only reach the port that asked, so when that panel
     * closes the run is cancelled rather than left burning the worker's time.
     */
    start(tabId: number, port: Runtime.Port): ActiveRun {
      if (runs.has(tabId)) throw new Error('A simulation is already running for this tab: cancel it or wait for it to finish, then run again.');
      const signal = { aborted: false };
      const onDisconnect = () => {
        signal.aborted = true;
      };
      port.onDisconnect.addListener(onDisconnect);
      const run: ActiveRun = {
        signal,
        end() {
          port.onDisconnect.removeListener(onDisconnect);
          runs.delete(tabId);
          if (runs.size === 0 && keepAlive !== null) {
            clearInterval(keepAlive);
            keepAlive = null;
          }
        },
      };
      runs.set(tabId, run);
      keepAlive ??= setInterval(() => void browser.runtime.getPlatformInfo().catch(() => {}), KEEP_ALIVE_MS);
      return run;
    },
  };
}

/** The background side of the simulator capability: workloads from sessions, runs and comparisons with progress and cancel. */
export function simulatorHandlers(context: BackgroundContext): HandlerMap<keyof SimulatorRequests> {
  const runs = createRunRegistry();
  return {
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

    async simulate({ tabId, config }, port) {
      const run = runs.start(tabId, port);
      const signal = run.signal;
      const started = Date.now();
      try {
        const span = simulatedSpan(config);
        const report = progressReporter(context, tabId, (f) => `Simulating: ${percent(f)} of ${span}`);
        report(0);
        // The same configuration (seed included) gives the same result bit for bit: a repeated run is answered from the cache.
        const memo = await memoize(context.cache.store.memoStore(), { namespace: 'memo:simulator', kind: 'simulation', codeVersion: browser.runtime.getManifest().version, ttlMs: SIMULATION_MEMO_TTL_MS }, config, () =>
          runSimulationAsync(config, { signal, onProgress: report, progressEvery: EVENTS_PER_SLICE }),
        );
        report(1);
        return { kind: 'result', result: memo.value, wallMs: Date.now() - started, ...(memo.cached ? { fromCache: true } : {}) };
      } catch (error) {
        return failureOf(error);
      } finally {
        run.end();
      }
    },

    async compareSimulations({ tabId, base, variants }, port) {
      const run = runs.start(tabId, port);
      const signal = run.signal;
      const started = Date.now();
      try {
        // Check every configuration before running any, so a bad variant does not waste the others' runs.
        const named = [{ name: 'base', config: base }, ...variants.map((v) => ({ name: v.name, config: applyChanges(base, v.changes) }))];
        for (const { name, config } of named) {
          try {
            validateConfig(config);
          } catch (error) {
            const failure = failureOf(error, name);
            return { ...failure, message: `Configuration “${name}”: ${failure.message}` };
          }
        }
        const count = named.length;
        const report = progressReporter(context, tabId, (f) => {
          const index = Math.min(count - 1, Math.floor(f * count));
          return `Comparing: configuration ${index + 1} of ${count} (${named[index]!.name}), ${percent(f)} overall`;
        });
        report(0);
        const comparison = await compareConfigurationsAsync(base, variants, { signal, onProgress: report, progressEvery: EVENTS_PER_SLICE });
        return { kind: 'comparison', comparison, wallMs: Date.now() - started };
      } catch (error) {
        return failureOf(error);
      } finally {
        run.end();
      }
    },

    async cancelSimulation({ tabId }) {
      const run = runs.get(tabId);
      if (run) run.signal.aborted = true;
      return { cancelled: Boolean(run) };
    },
  };
}
