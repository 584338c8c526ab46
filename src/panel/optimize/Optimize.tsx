import { useCallback, useEffect, useRef, useState } from 'react';
import type { StrategyId } from '../../core/optimizer/catalogue';
import type { OptimizerView } from '../../shared/protocol-optimizer';
import { formatBytes } from '../../core/metrics/format';
import { ProofTable } from './ProofTable';
import { useCapture, usePanel } from '../context';

/** Switch optimizations per page, see the plan for this device, and prove what each one did. */
export function Optimize() {
  const { bridge } = usePanel();
  const tabId = useCapture((s) => s.tabId);
  const views = useCapture((s) => s.views.length);
  const progress = useCapture((s) => s.progress.ab);
  const [view, setView] = useState<OptimizerView | null>(null);
  const [pattern, setPattern] = useState<string | null>(null);
  const [loads, setLoads] = useState(6);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Every change bumps the generation; a refresh that started before a change is stale.
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const started = generation.current;
    try {
      const next = await bridge.request('optimizerView', { tabId, ...(pattern ? { pattern } : {}) });
      if (started !== generation.current) return;
      setView(next);
      setPattern((p) => p ?? next.pattern);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [bridge, tabId, pattern]);

  // Refresh when views are added (page loads bring new before/after data).
  useEffect(() => {
    if (busy !== 'ab') void refresh();
  }, [refresh, views, busy]);

  const act = async (name: string, work: () => Promise<OptimizerView>) => {
    const mine = ++generation.current;
    setBusy(name);
    setError(null);
    try {
      const next = await work();
      if (mine === generation.current) setView(next);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  if (!view) return <p className="muted">{error ?? 'Reading the page…'}</p>;
  const on = view.strategies.filter((s) => s.on).map((s) => s.id);
  // Optimistic: the switch flips at once; the stored toggles follow (and win if they differ).
  const toggle = (id: StrategyId, value: boolean) => {
    setView({ ...view, strategies: view.strategies.map((s) => (s.id === id ? { ...s, on: value } : s)) });
    return act('toggle', () => bridge.request('setStrategies', { tabId, pattern: view.pattern, strategies: value ? [...on, id] : on.filter((x) => x !== id) }));
  };
  const reasons = new Map<string, string>([...view.plan.recommended.map((r) => [r.id, `Recommended: ${r.reason}`] as const), ...view.plan.notApplicable.map((r) => [r.id, `Not recommended: ${r.reason}`] as const)]);
  const env = view.facts?.environment;

  return (
    <div className="optimize">
      <section className="card">
        <label>
          Applies to URLs matching{' '}
          <input aria-label="URL pattern" value={pattern ?? view.pattern} onChange={(e) => setPattern(e.target.value)} onBlur={() => void refresh()} size={50} />
        </label>{' '}
        <span className="muted">
          {view.loads} page loads recorded for it.{' '}
          {env ? `This device: ${env.hardwareConcurrency ?? '?'} cores, ${env.deviceMemory ?? '?'} GB, ${env.effectiveType ?? 'unknown'} network${env.saveData ? ', Save-Data' : ''}${env.prefersReducedMotion ? ', prefers reduced motion' : ''}.` : 'The page did not answer (reload it to capture).'}
        </span>{' '}
        <span className="muted" data-testid="plan-source">
          {view.planCached ? 'This analysis came from the cache (same captured data, strategies and params as an earlier one).' : 'Analysed now.'}
        </span>
      </section>

      {view.plan.recommended
        .filter((r) => r.auto && !on.includes(r.id))
        .map((r) => (
          <p key={r.id} className="card offer" role="note" aria-label={`Offer: ${r.title}`}>
            {r.reason}.{' '}
            <button type="button" disabled={busy !== null} onClick={() => void toggle(r.id, true)}>
              Turn on “{r.title}”
            </button>
          </p>
        ))}

      <h2>Optimizations</h2>
      <ul className="strategies">
        {view.strategies.map((s) => (
          <li key={s.id} className={s.on ? 'on' : ''}>
            <label>
              <input type="checkbox" role="switch" aria-checked={s.on} checked={s.on} disabled={busy !== null} aria-label={`${s.title}: ${reasons.get(s.id) ?? ''}`} onChange={(e) => void toggle(s.id, e.target.checked)} />
              <strong>{s.title}</strong>
            </label>
            <span className="muted"> — {s.changes} {s.takesEffect === 'next-load' ? '(takes effect on the next load)' : '(applied live)'}</span>
            <div className={reasons.get(s.id)?.startsWith('Recommended') ? 'reason recommended' : 'reason'}>{reasons.get(s.id)}</div>
          </li>
        ))}
      </ul>
      {view.facts?.errors.length ? (
        <p role="alert" className="error">
          {view.facts.errors.length} optimization error(s) were contained on the page, e.g. {view.facts.errors[0]!.strategyId}: {view.facts.errors[0]!.message}
        </p>
      ) : null}

      <h2>Before / after</h2>
      <div className="ab">
        <label>
          Loads{' '}
          <input type="number" aria-label="Number of loads" min={2} max={40} value={loads} onChange={(e) => setLoads(Number(e.target.value))} />
        </label>{' '}
        <button type="button" disabled={busy !== null || on.length === 0} onClick={() => void act('ab', () => bridge.request('runAbTest', { tabId, pattern: view.pattern, strategies: on, loads }))}>
          Run A/B test
        </button>{' '}
        {busy === 'ab' && (
          <button type="button" onClick={() => void bridge.request('cancelAbTest', { tabId })}>
            Cancel
          </button>
        )}{' '}
        {busy === 'ab' && progress && (
          <>
            <progress aria-label="A/B test progress" value={progress.fraction} max={1} /> <span className="muted">{progress.message}</span>
          </>
        )}
        <p className="muted">Reloads the page {loads} times, alternating the switched-on optimizations off and on (off, on, on, off…), then compares the loads.</p>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {view.proofs.plan ? <ProofTable proof={view.proofs.plan} caption="Switched-on optimizations together" /> : <p className="muted">Switch optimizations on and reload (or run the A/B test) to compare loads with and without them.</p>}
      {view.proofs.perStrategy.map((p) => (
        <ProofTable key={p.subject.kind === 'strategy' ? p.subject.strategyId : 'plan'} proof={p} caption={view.strategies.find((s) => p.subject.kind === 'strategy' && s.id === p.subject.strategyId)?.title ?? 'Strategy'} />
      ))}

      <h2>Findings for the page's authors</h2>
      {view.plan.findings.length === 0 && <p className="muted">Nothing to report yet.</p>}
      {view.plan.findings.map((f) => (
        <details key={f.id} className="card finding">
          <summary>
            <strong>{f.title}</strong> — {f.detail}
          </summary>
          <ul>
            {f.items.slice(0, 10).map((item) => (
              <li key={item.url}>
                {item.url} — {item.unit === 'bytes' ? formatBytes(item.value) : `${Math.round(item.value)} ms`}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
