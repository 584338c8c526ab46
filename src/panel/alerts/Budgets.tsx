import { useState } from 'react';
import { describeRule, describeScope, type AlertRule, type Budget, type Scope } from '../../core/alerts';
import { defaultPattern } from '../../core/optimizer/patterns';
import type { AlertsView, BudgetImportResult } from '../../shared/protocol-alerts';
import { usePanel } from '../context';
import { saveBlob } from '../download';
import { RuleFields } from './RuleFields';

/** Budgets: add, edit, switch off and delete them; import and export budget files. */
export function Budgets({ view, tabId, onView }: { view: AlertsView; tabId: number; onView: (view: AlertsView) => void }) {
  const { bridge } = usePanel();
  const [editing, setEditing] = useState<Budget | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<BudgetImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const save = (budget: Budget) =>
    run(async () => {
      onView(await bridge.request('saveBudget', { tabId, budget }));
      setEditing(null);
    });

  const importFile = (file: File) =>
    run(async () => {
      setImported(null);
      try {
        const { view: next, result } = await bridge.request('importBudgets', { tabId, text: await file.text() });
        onView(next);
        setImported(result);
      } catch (e) {
        throw new Error(`${file.name} was not imported, nothing changed: ${(e as Error).message}`);
      }
    });

  const exportFile = () =>
    run(async () => {
      const { text, fileName } = await bridge.request('exportBudgets', {});
      saveBlob(new Blob([text], { type: 'application/json' }), fileName);
    });

  return (
    <section className="card budgets" aria-labelledby="budgets-title">
      <h2 id="budgets-title">Budgets</h2>
      <p className="muted">Every matching budget applies; where several set the same metric, the last one in this list wins (as in Lighthouse’s budget.json).</p>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => setEditing(newPageBudget(view.pageUrl))}>
          Add a budget for this page
        </button>
        <label className="file-button">
          Import budget file…
          <input type="file" accept=".json,application/json" aria-label="Import budget file" disabled={busy} onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }} />
        </label>
        <button type="button" disabled={busy} onClick={() => void exportFile()}>
          Export budgets
        </button>
      </div>
      {error && (
        <p role="alert" className="error" data-testid="budget-error">
          {error}
        </p>
      )}
      {imported && (
        <div role="status" className="notice" data-testid="budget-imported">
          Imported {imported.formatName}: {imported.budgets} budget{imported.budgets === 1 ? '' : 's'}, {imported.rules} rule{imported.rules === 1 ? '' : 's'}.
          {imported.ignored.length > 0 && (
            <>
              {' '}Not evaluated ({imported.ignored.length}):
              <ul className="ignored">
                {imported.ignored.map((entry) => (
                  <li key={entry.field}>
                    <code>{entry.field}</code>: {entry.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {editing && <BudgetForm budget={editing} busy={busy} onSave={save} onCancel={() => setEditing(null)} />}
      <table className="data budgets-table">
        <thead>
          <tr>
            <th scope="col">On</th>
            <th scope="col">Budget</th>
            <th scope="col">Applies to</th>
            <th scope="col">Rules</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {view.budgets.map((budget) => (
            <tr key={budget.id} data-budget-id={budget.id}>
              <td>
                <input
                  type="checkbox"
                  role="switch"
                  aria-label={`Budget ${budget.name} on`}
                  checked={budget.enabled}
                  disabled={busy}
                  onChange={(e) => void run(async () => onView(await bridge.request('setBudgetEnabled', { tabId, budgetId: budget.id, enabled: e.target.checked })))}
                />
              </td>
              <th scope="row">{budget.name}</th>
              <td>{describeScope(budget.scope)}</td>
              <td>
                <ul className="rules">
                  {budget.rules.map((rule) => (
                    <li key={rule.id}>{describeRule(rule)}{rule.action ? ` · then switch on ${rule.action.strategyId}` : ''}</li>
                  ))}
                </ul>
              </td>
              <td className="actions">
                <button type="button" disabled={busy} onClick={() => setEditing(structuredClone(budget))} aria-label={`Edit budget ${budget.name}`}>
                  Edit
                </button>
                <button type="button" disabled={busy} onClick={() => void run(async () => onView(await bridge.request('deleteBudget', { tabId, budgetId: budget.id })))} aria-label={`Delete budget ${budget.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BudgetForm({ budget, busy, onSave, onCancel }: { budget: Budget; busy: boolean; onSave: (budget: Budget) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState(budget);
  const scopeValue = draft.scope.kind === 'all' ? '' : draft.scope.kind === 'origin' ? draft.scope.origin : draft.scope.kind === 'pattern' ? draft.scope.pattern : draft.scope.kind === 'path' ? draft.scope.path : draft.scope.regex;
  const setScope = (kind: Scope['kind'], value: string) => setDraft({ ...draft, scope: scopeOf(kind, value) });
  const setRule = (index: number, rule: AlertRule) => setDraft({ ...draft, rules: draft.rules.map((r, i) => (i === index ? rule : r)) });
  return (
    <form
      className="budget-form"
      aria-label={`Edit budget ${draft.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
    >
      <label>
        Name <input aria-label="Budget name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} size={30} />
      </label>
      <label>
        Applies to{' '}
        <select aria-label="Budget scope" value={draft.scope.kind} onChange={(e) => setScope(e.target.value as Scope['kind'], scopeValue)}>
          <option value="all">all pages</option>
          <option value="origin">an origin</option>
          <option value="pattern">a URL pattern (* wildcard)</option>
          <option value="path">a path (robots.txt form)</option>
          <option value="regex">a regular expression</option>
        </select>
      </label>
      {draft.scope.kind !== 'all' && (
        <input aria-label="Budget scope value" value={scopeValue} onChange={(e) => setScope(draft.scope.kind, e.target.value)} size={50} />
      )}
      {draft.rules.map((rule, index) => (
        <RuleFields key={rule.id} rule={rule} index={index} onChange={(next) => setRule(index, next)} onRemove={() => setDraft({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })} />
      ))}
      <div className="toolbar">
        <button type="button" onClick={() => setDraft({ ...draft, rules: [...draft.rules, newRule(draft)] })}>
          Add rule
        </button>
        <button type="submit" disabled={busy}>
          Save budget
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function scopeOf(kind: Scope['kind'], value: string): Scope {
  switch (kind) {
    case 'all':
      return { kind };
    case 'origin':
      return { kind, origin: value };
    case 'pattern':
      return { kind, pattern: value };
    case 'path':
      return { kind, path: value };
    case 'regex':
      return { kind, regex: value };
  }
}

function newPageBudget(pageUrl: string): Budget {
  const id = `page-${Date.now().toString(36)}`;
  const budget: Budget = { id, name: `Budget for ${defaultPattern(pageUrl)}`, enabled: true, scope: { kind: 'pattern', pattern: defaultPattern(pageUrl) }, rules: [], source: 'user' };
  return { ...budget, rules: [newRule(budget)] };
}

function newRule(budget: Budget): AlertRule {
  let n = budget.rules.length + 1;
  while (budget.rules.some((rule) => rule.id === `${budget.id}:r${n}`)) n++;
  return {
    id: `${budget.id}:r${n}`,
    metric: { id: 'LCP' },
    comparison: '>',
    threshold: { value: 2500, unit: 'ms' },
    severity: 'warning',
    trigger: { kind: 'single' },
    minViews: 1,
    clearAfter: 2,
  };
}
