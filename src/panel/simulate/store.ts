/**
 * The Simulate view's state, kept per panel (not per mount) so a run that finishes while the user
 * looks at another view still lands, and the form survives switching views. A vanilla zustand
 * store: the bridge feeds it, components read it through selectors.
 */
import { createStore } from 'zustand/vanilla';
import { applyChanges, type Comparison, type SimulationConfig, type SimulationResult } from '../../core/simulator/index';
import { memoKey } from '../../core/cache/memo';
import type { SimulatorWorkload } from '../../shared/protocol-simulator';
import type { PanelBridge } from '../bridge';
import { fieldTarget, type FieldTarget } from './fields';
import { configOf, defaultForm, variantsOf, type SimulationForm, type VariantForm } from './form';
import { startSimulationWorker, type StartSimulation } from './simulation-client';
import type { SimulationFailure } from './simulation-messages';

/** The engine's failure as the view shows it: the message, and the input it points at. */
export interface ShownFailure {
  kind: SimulationFailure['kind'];
  message: string;
  target: FieldTarget | null;
}

export interface SimulatorState {
  /** The session's workload (or why there is none); null until the first answer. */
  workload: SimulatorWorkload | null;
  form: SimulationForm;
  /** False until the user edits the form: until then it follows the workload's suggested defaults. */
  edited: boolean;
  variants: VariantForm[];
  busy: 'run' | 'compare' | null;
  /** Epoch ms when the current task started (for the elapsed time next to the progress bar). */
  startedAt: number | null;
  /** The current task's last progress: fraction done and the line shown; null before the first. */
  progress: { fraction: number; message: string } | null;
  run: { config: SimulationConfig; result: SimulationResult; wallMs: number; fromCache?: boolean } | null;
  comparison: { base: SimulationConfig; variants: { name: string; config: SimulationConfig }[]; comparison: Comparison; wallMs: number } | null;
  /** A bad configuration or an overload, with the input it points at. */
  failure: ShownFailure | null;
  /** Anything else that went wrong (the background restarted, the worker failed). */
  error: string | null;
  /** A neutral outcome, e.g. a cancelled run. */
  notice: string | null;
  setForm(patch: Partial<SimulationForm>): void;
  addVariant(): void;
  updateVariant(key: number, patch: Partial<VariantForm>): void;
  removeVariant(key: number): void;
  loadWorkload(sessionId: string | null): Promise<void>;
  runSimulation(): Promise<void>;
  compare(): Promise<void>;
  cancel(): Promise<void>;
}

export type SimulatorStore = ReturnType<typeof createSimulatorStore>;

const RESTARTED = /background restarted/i;

function transportMessage(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  if (RESTARTED.test(message)) {
    return 'the extension’s background worker restarted (Chrome or the extension was reloaded). It is read again as new requests arrive, or reopen the panel.';
  }
  return message;
}

/**
 * A rejected setting in the form's words: the field, the rule and the value, e.g.
 * "pool.instances must be ≥ 1 (got 0)". The engine counts times in ms; where the form asks for
 * seconds, the value also says it in seconds, so it matches what the user typed.
 */
export function describeRejectedSetting(failure: { field: string; rule: string; received?: string; receivedNumber?: number }, target: FieldTarget | null): string {
  const { field, rule, received, receivedNumber } = failure;
  if (received === undefined) return `${field} ${rule}`;
  const inSeconds = receivedNumber !== undefined && Boolean(target?.label?.includes('(s)')) && /Ms(\b|$)/.test(field);
  return `${field} ${rule} (got ${inSeconds ? `${receivedNumber} ms = ${receivedNumber! / 1000} s` : received})`;
}

/**
 * The Simulate view's store. The bridge gives the workload (derived in the background from the
 * stored session); runs happen in a worker of this page (`start`).
 */
/** The memo key of a configuration, tied to this build's version; null when it cannot be hashed. */
function simulationMemoKey(config: SimulationConfig): string | null {
  try {
    const version = (globalThis as { chrome?: { runtime?: { getManifest?: () => { version: string } } } }).chrome?.runtime?.getManifest?.().version ?? 'dev';
    return memoKey('simulation', version, config);
  } catch {
    return null;
  }
}

export function createSimulatorStore(bridge: PanelBridge, tabId: number, start: StartSimulation = startSimulationWorker) {
  return createStore<SimulatorState>()((set, get) => {
    let nextVariantKey = 1;
    let workloadRequest = 0;
    let job: { cancel(): void } | null = null;
    const onProgress = (fraction: number, message: string) => set({ progress: { fraction, message } });

    const showFailure = (failure: SimulationFailure) => {
      if (failure.kind === 'cancelled') {
        set({ notice: failure.message });
        return;
      }
      if (failure.kind === 'config') {
        // A variant's bad value is not in the base form: name the variant, highlight nothing.
        const inBaseForm = failure.configuration === undefined || failure.configuration === 'base';
        const target = inBaseForm ? fieldTarget(failure.field, get().form.model) : null;
        const where = target ? `${target.label}: ` : '';
        set({ failure: { kind: 'config', target, message: `${where}${describeRejectedSetting(failure, target)}. Correct it and run again.` } });
        return;
      }
      if (failure.kind === 'overload') {
        const percent = Math.round(failure.utilization * 100);
        set({ failure: { kind: 'overload', target: null, message: `Overloaded: the offered load is ${percent} % of the pool’s capacity (utilization ${failure.utilization.toFixed(2)}). ${failure.message}` } });
        return;
      }
      set({ failure: { kind: 'limit', target: null, message: failure.message } });
    };

    const begin = (busy: 'run' | 'compare') => set({ busy, startedAt: Date.now(), progress: null, failure: null, error: null, notice: null });

    return {
      workload: null,
      form: defaultForm(null),
      edited: false,
      variants: [],
      busy: null,
      startedAt: null,
      progress: null,
      run: null,
      comparison: null,
      failure: null,
      error: null,
      notice: null,

      setForm(patch) {
        set({ form: { ...get().form, ...patch }, edited: true });
      },
      addVariant() {
        const base = get().form;
        // A useful first variant: the next balancer in the list, so "Compare" at once shows a difference.
        const balancer = base.balancer === 'least-connections' ? 'round-robin' : 'least-connections';
        set({ variants: [...get().variants, { key: nextVariantKey++, name: '', balancer, instances: '', workersPerInstance: '' }] });
      },
      updateVariant(key, patch) {
        set({ variants: get().variants.map((v) => (v.key === key ? { ...v, ...patch } : v)) });
      },
      removeVariant(key) {
        set({ variants: get().variants.filter((v) => v.key !== key) });
      },

      async loadWorkload(sessionId) {
        const mine = ++workloadRequest;
        try {
          const workload = await bridge.request('simulatorWorkload', { tabId, ...(sessionId ? { sessionId } : {}) });
          if (mine !== workloadRequest) return;
          const patch: Partial<SimulatorState> = { workload };
          if (!get().edited && workload.kind === 'workload') patch.form = defaultForm(workload.workload);
          set(patch);
        } catch (error) {
          if (mine !== workloadRequest) return;
          set({ workload: { kind: 'none', sessionId, message: `Could not read the session’s workload: ${transportMessage(error)}` } });
        }
      },

      async runSimulation() {
        const { workload, form, busy } = get();
        if (busy) return;
        if (workload?.kind !== 'workload') {
          set({ error: workload?.message ?? 'The workload is still loading; try again in a moment.' });
          return;
        }
        const config = configOf(form, workload.workload);
        begin('run');
        try {
          // The same configuration (seed included) gives the same result bit for bit: a repeated run
          // is answered from the cache engine instead of being simulated again.
          const key = simulationMemoKey(config);
          const started = Date.now();
          const remembered = key ? await bridge.request('simulationMemo', { key }).catch(() => null) : null;
          if (remembered) {
            set({ run: { config, result: remembered, wallMs: Date.now() - started, fromCache: true } });
            return;
          }
          const running = start({ kind: 'simulate', config }, onProgress);
          job = running;
          const reply = await running.reply;
          if (reply.kind === 'result') {
            set({ run: { config, result: reply.result, wallMs: reply.wallMs } });
            if (key) void bridge.request('storeSimulationMemo', { key, result: reply.result }).catch(() => {});
          }
          else showFailure(reply);
        } catch (error) {
          set({ error: (error as Error)?.message ?? String(error) });
        } finally {
          job = null;
          set({ busy: null, startedAt: null, progress: null });
        }
      },

      async compare() {
        const { workload, form, variants, busy } = get();
        if (busy) return;
        if (workload?.kind !== 'workload') {
          set({ error: workload?.message ?? 'The workload is still loading; try again in a moment.' });
          return;
        }
        if (variants.length === 0) {
          set({ error: 'Add at least one variant (for example another balancer or instance count) to compare with this configuration.' });
          return;
        }
        const base = configOf(form, workload.workload);
        const engineVariants = variantsOf(variants, form);
        begin('compare');
        try {
          const running = start({ kind: 'compare', base, variants: engineVariants }, onProgress);
          job = running;
          const reply = await running.reply;
          if (reply.kind === 'comparison') {
            set({
              comparison: {
                base,
                variants: engineVariants.map((v) => ({ name: v.name, config: applyChanges(base, v.changes) })),
                comparison: reply.comparison,
                wallMs: reply.wallMs,
              },
            });
          } else showFailure(reply);
        } catch (error) {
          set({ error: (error as Error)?.message ?? String(error) });
        } finally {
          job = null;
          set({ busy: null, startedAt: null, progress: null });
        }
      },

      async cancel() {
        job?.cancel();
      },
    };
  });
}
