import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { BALANCER_NAMES, type BalancerName, type Workload } from '../../core/simulator/index';
import { useCapture, usePanel } from '../context';
import { ComparisonTable } from './ComparisonTable';
import { EndpointsTable } from './EndpointsTable';
import { download, exportFileName, simulationCsv, simulationJson, type SimulationExport } from './export';
import { describeVariant, HUMAN_THINK_MIN_MS, measuredThinkMeanMs } from './form';
import { formatMsValue, formatNumber, formatWall } from './format';
import { InstanceTable, ResultCharts, ResultSummary, ResultTable, ScalingEvents } from './Results';
import { SimulationFormFields } from './SimulationFormFields';
import type { SimulatorState } from './store';
import { Messages } from '../components/Messages';

/** How long to wait after new captured requests before deriving the workload again. */
const WORKLOAD_REFRESH_MS = 1500;

function measuredThinkText(workload: Workload | null): string {
  if (!workload || workload.model.kind !== 'closed') return 'none yet';
  const samples = workload.source?.thinkTimeSamples ?? 0;
  if (samples === 0) return 'no gaps between API requests measured';
  return `${formatNumber(samples)} gaps, mean ${formatMsValue(measuredThinkMeanMs(workload))} ms`;
}

/**
 * Predicts how the backend behind this page would behave with many more admins: the workload is
 * derived from the captured session, the run happens in a worker of this page (progress, cancel), and
 * the results come as charts, tables, a comparison of variants and JSON/CSV exports.
 */
export function Simulate() {
  const { simulator: sim } = usePanel();
  const use = <T,>(selector: (state: SimulatorState) => T) => useStore(sim, selector);
  const sessionId = useCapture((s) => s.session?.id ?? null);
  const pinned = useCapture((s) => s.pinned?.id ?? null);
  const requestCount = useCapture((s) => s.requests.length);
  const workload = use((s) => s.workload);
  const form = use((s) => s.form);
  const variants = use((s) => s.variants);
  const busy = use((s) => s.busy);
  const startedAt = use((s) => s.startedAt);
  const progress = use((s) => s.progress);
  const run = use((s) => s.run);
  const comparison = use((s) => s.comparison);
  const failure = use((s) => s.failure);
  const error = use((s) => s.error);
  const notice = use((s) => s.notice);
  const actions = sim.getState();

  // Derive the workload for the shown session (a pinned stored one, or the tab's), again as requests arrive.
  useEffect(() => {
    const timer = setTimeout(() => void actions.loadWorkload(pinned ?? sessionId), workload ? WORKLOAD_REFRESH_MS : 0);
    return () => clearTimeout(timer);
    // `workload` only decides the delay: a newly derived workload must not trigger another derivation.
  }, [actions, pinned, sessionId, requestCount]);

  // Point at the field an engine error names.
  useEffect(() => {
    if (failure?.target) document.getElementById(failure.target.id)?.focus();
  }, [failure]);

  // Elapsed time next to the progress bar.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [busy]);

  const ready = workload?.kind === 'workload' ? workload : null;
  const exportData: SimulationExport = { session: ready ? { id: ready.sessionId, name: ready.sessionName } : null, run, comparison };
  const canExport = Boolean(run || comparison);
  const exportAs = (kind: 'json' | 'csv') => {
    const text = kind === 'json' ? simulationJson(exportData) : simulationCsv(exportData);
    download(text, exportFileName(exportData, kind), kind === 'json' ? 'application/json' : 'text/csv;charset=utf-8');
  };
  const shownProgress = busy && progress ? progress : null;

  return (
    <div className="simulate">
      <section aria-labelledby="sim-workload-title">
        <h2 id="sim-workload-title">Workload from the session</h2>
        {!workload && <p className="muted">Reading the session’s API requests…</p>}
        {workload?.kind === 'none' && <p className="muted">{workload.message}</p>}
        {ready && (
          <>
            <p className="muted">
              From “{ready.sessionName}”: {formatNumber(ready.workload.source?.apiRequests ?? 0)} API requests ({formatNumber(ready.workload.source?.skippedRequests ?? 0)} other requests left out); one captured user sent{' '}
              {formatNumber(ready.workload.source?.observedRatePerSec ?? 0, 2)} requests/s. Think time: {measuredThinkText(ready.workload)}.
            </p>
            <EndpointsTable workload={ready.workload} />
          </>
        )}
      </section>

      <section aria-labelledby="sim-settings-title">
        <h2 id="sim-settings-title">Settings</h2>
        <SimulationFormFields form={form} set={actions.setForm} invalidId={failure?.target?.id ?? null} disabled={busy !== null} measuredThink={measuredThinkText(ready?.workload ?? null)} measuredThinkMeanMs={measuredThinkMeanMs(ready?.workload ?? null)} humanThinkMinMs={HUMAN_THINK_MIN_MS} />
      </section>

      <div className="sim-actions">
        <button type="button" className="primary" disabled={busy !== null || !ready} onClick={() => void actions.runSimulation()}>
          Run simulation
        </button>
        {busy && (
          <button type="button" onClick={() => void actions.cancel()}>
            Cancel
          </button>
        )}
        {busy && (
          <span className="progress-line">
            <progress aria-label="Simulation progress" value={shownProgress?.fraction ?? 0} max={1} />
            <span className="muted" aria-live="polite">
              {shownProgress?.message ?? (busy === 'compare' ? 'Starting the comparison…' : 'Starting the simulation…')}
              {startedAt !== null && ` — ${formatWall(Math.max(0, now - startedAt))} elapsed`}
            </span>
          </span>
        )}
      </div>
      {failure && (
        <p role="alert" className="error sim-error">
          {failure.message}
        </p>
      )}
      <Messages error={error} notice={notice} className="sim-error" />

      {run && (
        <section aria-labelledby="sim-results-title">
          <h2 id="sim-results-title">Results</h2>
          <ResultSummary result={run.result} wallMs={run.wallMs} fromCache={run.fromCache} />
          <ResultCharts result={run.result} />
          <ResultTable result={run.result} />
          <InstanceTable result={run.result} />
          <ScalingEvents result={run.result} />
        </section>
      )}

      <section aria-labelledby="sim-compare-title">
        <h2 id="sim-compare-title">Compare</h2>
        <p className="muted">Run the settings above against variants of them (another balancer, instance count or workers per instance) in one go, with the same seed.</p>
        <ul className="sim-variants">
          {variants.map((variant, i) => {
            const n = i + 1;
            return (
              <li key={variant.key} className="card">
                <label>
                  Variant {n} name{' '}
                  <input value={variant.name} placeholder={describeVariant(variant)} disabled={busy !== null} onChange={(e) => actions.updateVariant(variant.key, { name: e.target.value })} />
                </label>
                <label>
                  Variant {n} balancing strategy{' '}
                  <select value={variant.balancer} disabled={busy !== null} onChange={(e) => actions.updateVariant(variant.key, { balancer: e.target.value as BalancerName | '' })}>
                    <option value="">as the base ({form.balancer})</option>
                    {BALANCER_NAMES.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Variant {n} instances{' '}
                  <input type="number" min={1} step={1} value={variant.instances} placeholder={form.instances} disabled={busy !== null} onChange={(e) => actions.updateVariant(variant.key, { instances: e.target.value })} />
                </label>
                <label>
                  Variant {n} workers per instance{' '}
                  <input type="number" min={1} step={1} value={variant.workersPerInstance} placeholder={form.workersPerInstance} disabled={busy !== null} onChange={(e) => actions.updateVariant(variant.key, { workersPerInstance: e.target.value })} />
                </label>
                <button type="button" disabled={busy !== null} onClick={() => actions.removeVariant(variant.key)}>
                  Remove variant {n}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="sim-actions">
          <button type="button" disabled={busy !== null} onClick={actions.addVariant}>
            Add variant
          </button>
          <button type="button" disabled={busy !== null || !ready || variants.length === 0} onClick={() => void actions.compare()}>
            Compare
          </button>
        </div>
        {comparison && (
          <>
            <ComparisonTable comparison={comparison.comparison} />
            <p className="muted">
              {comparison.comparison.rows.length} configurations ran in {formatWall(comparison.wallMs)} in the background.
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="sim-export-title">
        <h2 id="sim-export-title">Export</h2>
        <div className="sim-actions">
          <button type="button" disabled={!canExport} onClick={() => exportAs('json')}>
            Export results as JSON
          </button>
          <button type="button" disabled={!canExport} onClick={() => exportAs('csv')}>
            Export results as CSV
          </button>
          <span className="muted">
            {canExport
              ? 'JSON: the configurations and full results (its run.config, saved alone, runs again with npm run simulate). CSV: one row per configuration, endpoint and instance, units in the headers.'
              : 'Run a simulation or a comparison first.'}
          </span>
        </div>
      </section>
    </div>
  );
}
