import { useEffect, useState } from 'react';
import browser from 'webextension-polyfill';
import { useStore } from 'zustand';
import { formatAlertValue } from '../../core/alerts';
import type { AlertRecord, AutomaticActionRecord } from '../../core/model';
import { isStrategyId } from '../../core/optimizer/catalogue';
import { STRATEGIES } from '../../core/optimizer/registry';
import type { AlertsView } from '../../shared/protocol-alerts';
import { useCapture, usePanel } from '../context';
import { Budgets } from './Budgets';
import { ACTION_STATUS_WORDS, filterAlerts, formatTime, SEVERITY_SYMBOLS, type SeverityFilter } from './format';
import { alertsStoreFor } from './store';

/** The Alerts view: open and cleared alerts of this tab, automatic actions with their evidence, budgets. */
export function Alerts() {
  const { bridge } = usePanel();
  const tabId = useCapture((s) => s.tabId);
  const revision = useCapture((s) => s.views.length);
  const store = alertsStoreFor(bridge, tabId);
  const view = useStore(store, (s) => s.view);
  const loadError = useStore(store, (s) => s.error);
  const [severity, setSeverity] = useState<SeverityFilter>('all');
  const [showCleared, setShowCleared] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void store.getState().refresh();
  }, [store, revision]);

  if (!view) return <p className="muted">{loadError ?? 'Reading alerts…'}</p>;

  const act = async (work: () => Promise<AlertsView>) => {
    setBusy(true);
    setError(null);
    try {
      store.getState().show(await work());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const setNotifications = (enabled: boolean) =>
    act(async () => {
      if (enabled) {
        // Asked here, in the click: Chrome shows its prompt only for a user gesture.
        const granted = await browser.permissions.request({ permissions: ['notifications'] });
        if (!granted) throw new Error('Chrome did not grant the notifications permission, so desktop notifications stay off.');
      }
      return bridge.request('setNotifications', { tabId, enabled });
    });

  const shown = filterAlerts(view.alerts, severity, showCleared);
  const openCount = view.open.critical + view.open.warning;
  return (
    <div className="alerts">
      <section className="toolbar" aria-label="Alerts filter">
        <strong data-testid="alerts-open">
          {openCount} open
          {openCount > 0 ? ` (${view.open.critical} critical ${SEVERITY_SYMBOLS.critical}, ${view.open.warning} warning ${SEVERITY_SYMBOLS.warning})` : ''}
        </strong>
        <label>
          Severity{' '}
          <select aria-label="Filter by severity" value={severity} onChange={(e) => setSeverity(e.target.value as SeverityFilter)}>
            <option value="all">all</option>
            <option value="critical">critical ■</option>
            <option value="warning">warning ▲</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={showCleared} onChange={(e) => setShowCleared(e.target.checked)} /> Show cleared alerts
        </label>
        <label title="At most one notification a minute; needs Chrome's notifications permission.">
          <input type="checkbox" role="switch" aria-label="Desktop notifications" checked={view.notifications.enabled} disabled={busy} onChange={(e) => void setNotifications(e.target.checked)} /> Desktop notifications
        </label>
      </section>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="empty">{view.alerts.length === 0 ? 'No alerts for this tab: every budget that applies is met so far.' : 'No alert matches the filter.'}</p>
      ) : (
        <table className="data alerts-table" aria-label="Alerts, newest first">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Severity</th>
              <th scope="col">Metric</th>
              <th scope="col" className="num">Value</th>
              <th scope="col" className="num">Threshold</th>
              <th scope="col">Page</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((alert) => (
              <AlertRow
                key={alert.id}
                alert={alert}
                muted={view.mutedRuleIds.includes(alert.ruleId)}
                busy={busy}
                onAcknowledge={() => void act(() => bridge.request('acknowledgeAlert', { tabId, alertId: alert.id }))}
                onMute={(muted) => void act(() => bridge.request('muteRule', { tabId, ruleId: alert.ruleId, pageKey: alert.pageKey ?? view.pageKey, muted }))}
              />
            ))}
          </tbody>
        </table>
      )}
      <AutomaticActions actions={view.actions} busy={busy} onUndo={(actionId) => void act(() => bridge.request('undoAction', { tabId, actionId }))} />
      <Budgets view={view} tabId={tabId} onView={(next) => store.getState().show(next)} />
    </div>
  );
}

function AlertRow({ alert, muted, busy, onAcknowledge, onMute }: { alert: AlertRecord; muted: boolean; busy: boolean; onAcknowledge: () => void; onMute: (muted: boolean) => void }) {
  const open = alert.clearedAt == null;
  return (
    <tr data-alert-id={alert.id} data-severity={alert.severity} data-state={open ? 'open' : 'cleared'} className={`alert-row ${alert.severity}`}>
      <td>{formatTime(alert.t)}</td>
      <td className={`severity ${alert.severity}`}>
        <span aria-hidden="true">{SEVERITY_SYMBOLS[alert.severity]}</span> {alert.severity}
      </td>
      <th scope="row" title={alert.message}>
        {alert.metric}
      </th>
      <td className="num">{formatAlertValue(alert.value, alert.unit)}</td>
      <td className="num">{formatAlertValue(alert.threshold, alert.unit)}</td>
      <td className="url" title={alert.url}>
        {alert.url ?? alert.pageKey}
      </td>
      <td>
        {open ? 'open' : `cleared ${formatTime(alert.clearedAt!)}`}
        {alert.acknowledgedAt != null ? ' · acknowledged' : ''}
        {muted ? ' · muted here' : ''}
      </td>
      <td className="actions">
        {open && alert.acknowledgedAt == null && (
          <button type="button" disabled={busy} onClick={onAcknowledge} aria-label={`Acknowledge ${alert.metric} alert`}>
            Acknowledge
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => onMute(!muted)} aria-label={`${muted ? 'Unmute' : 'Mute'} this ${alert.metric} rule on this page`}>
          {muted ? 'Unmute' : 'Mute on this page'}
        </button>
      </td>
    </tr>
  );
}

function AutomaticActions({ actions, busy, onUndo }: { actions: AutomaticActionRecord[]; busy: boolean; onUndo: (id: string) => void }) {
  if (actions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Automatic actions</h2>
      <table className="data actions-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What</th>
            <th scope="col">Why</th>
            <th scope="col">Outcome</th>
            <th scope="col">Evidence</th>
            <th scope="col">Undo</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((action) => (
            <tr key={action.id} data-action-id={action.id} data-status={action.status}>
              <td>{formatTime(action.t)}</td>
              <th scope="row">
                Switched on “{isStrategyId(action.strategyId) ? STRATEGIES[action.strategyId].title : action.strategyId}” for {action.pattern}
              </th>
              <td>{action.reason}</td>
              <td data-testid="action-outcome">{ACTION_STATUS_WORDS[action.status]}</td>
              <td data-testid="action-evidence">
                {action.evidence ? (
                  <>
                    {action.evidence.summary} <span className="muted">({action.evidence.loadsBefore} loads before, {action.evidence.loadsAfter} after; {action.evidence.method})</span>
                  </>
                ) : (
                  <span className="muted">waiting for enough loads</span>
                )}
              </td>
              <td>
                {action.status !== 'undone' && (
                  <button type="button" disabled={busy} onClick={() => onUndo(action.id)} aria-label={`Undo: ${action.strategyId} on ${action.pattern}`}>
                    Undo
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The header's open-alert count (shape and word per severity, as on the toolbar badge). */
export function OpenAlertCount() {
  const { bridge } = usePanel();
  const tabId = useCapture((s) => s.tabId);
  const views = useCapture((s) => s.views.length);
  const store = alertsStoreFor(bridge, tabId);
  const open = useStore(store, (s) => s.view?.open);
  useEffect(() => {
    void store.getState().refresh();
  }, [store, views]);
  if (!open) return null;
  const total = open.critical + open.warning;
  const worst = open.critical > 0 ? 'critical' : total > 0 ? 'warning' : null;
  return (
    <span className={`open-alerts ${worst ?? 'none'}`} data-testid="header-open-alerts" title="Open alerts of this tab (acknowledged ones are not counted)">
      {worst ? `${SEVERITY_SYMBOLS[worst]} ` : ''}
      {total} open alert{total === 1 ? '' : 's'}
    </span>
  );
}
