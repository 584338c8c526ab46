import { describe, expect, it } from 'vitest';
import type { AutomaticActionRecord, SessionData } from '../../../src/core/model';
import { exportCsv } from '../../../src/core/sessions/export/csv';
import { exportJson } from '../../../src/core/sessions/export/json';
import { exportReport } from '../../../src/core/sessions/export/report';
import { importSession } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect, EXPORTED_AT, parseCsv, smallSession } from './helpers';

/** A session whose alerts carry the alert engine's fields, with one automatic action. */
function withAlertsAndActions(): SessionData {
  const data = smallSession();
  const view = data.views[0]!;
  const alert = { ...data.alerts[0]!, url: `${view.url}${view.url.includes('?') ? '&' : '?'}token=abc123`, unit: 'ms', pageKey: 'https://admin.example.test/admin', clearedAt: view.startTime + 60_000, clearedViewId: data.views[1]!.id, acknowledgedAt: null };
  const action: AutomaticActionRecord = {
    kind: 'automatic-action',
    id: 'auto-1',
    alertId: alert.id,
    ruleId: alert.ruleId,
    strategyId: 'content-visibility',
    pattern: 'https://admin.example.test/admin',
    t: view.startTime + 1000,
    reason: alert.message,
    status: 'reverted',
    decidedAt: view.startTime + 50_000,
    evidence: { summary: 'requests regressed 700% (p = 0.008)', loadsBefore: 5, loadsAfter: 5, method: 'Mann-Whitney U (two-sided, α=0.05)', metrics: [{ metric: 'requests', medianBefore: 5, medianAfter: 26, changePercent: 420, pValue: 0.008, verdict: 'regressed' }] },
    previousStrategies: [],
  };
  return { ...data, alerts: [alert, ...data.alerts.slice(1)], actions: [action] };
}

describe('alerts and automatic actions in exports', () => {
  it('JSON carries them and imports them back unchanged', async () => {
    const data = withAlertsAndActions();
    const text = await collect(exportJson(exportInputFrom(data), { now: EXPORTED_AT, sanitize: false }));
    const imported = await importSession(text, { preserveIdentity: true });
    expect(imported.actions).toEqual(data.actions);
    expect(imported.alerts[0]).toEqual(data.alerts[0]);
  });

  it('a sanitized JSON export strips secrets from an alert’s URL', async () => {
    const text = await collect(exportJson(exportInputFrom(withAlertsAndActions()), { now: EXPORTED_AT }));
    expect(text).not.toContain('abc123');
    expect(JSON.parse(text).alerts[0].url).toContain('token=REDACTED');
  });

  it('CSV has an actions table and the alert’s unit, URL and cleared time', async () => {
    const data = withAlertsAndActions();
    const tables = exportCsv(exportInputFrom(data), { sanitize: false });
    const actions = parseCsv(await collect(tables.actions));
    expect(actions[0]).toEqual(['action_id', 't_epoch_ms', 'alert_id', 'rule_id', 'strategy_id', 'pattern', 'status', 'decided_epoch_ms', 'reason', 'evidence', 'loads_before', 'loads_after']);
    expect(actions[1]!.slice(4, 7)).toEqual(['content-visibility', 'https://admin.example.test/admin', 'reverted']);
    expect(actions[1]![9]).toBe('requests regressed 700% (p = 0.008)');
    const alerts = parseCsv(await collect(tables.alerts));
    expect(alerts[1]!.slice(9, 12)).toEqual(['ms', data.alerts[0]!.url!, String(data.alerts[0]!.clearedAt)]);
  });

  it('the report lists the automatic action with its evidence and which alerts cleared', async () => {
    const html = (await collect(exportReport(exportInputFrom(withAlertsAndActions()), { now: EXPORTED_AT }))) as string;
    expect(html).toContain('<h2>Automatic actions</h2>');
    expect(html).toContain('switched off again (it made things worse)');
    expect(html).toContain('requests regressed 700% (p = 0.008) (5 loads before, 5 after; Mann-Whitney U (two-sided, α=0.05))');
    expect(html).toMatch(/cleared at /);
  });
});
