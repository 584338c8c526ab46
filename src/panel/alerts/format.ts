/** How the Alerts view words things: severities with their shape, filters, action outcomes. */
import type { AlertRecord, AlertSeverity, AutomaticActionRecord } from '../../core/model';

/** The shape that goes with each severity everywhere (badge, table, header), so it is not told by colour alone. */
export const SEVERITY_SYMBOLS: Readonly<Record<AlertSeverity, string>> = { critical: '■', warning: '▲' };

export type SeverityFilter = 'all' | AlertSeverity;

/** Alerts to show, newest first. */
export function filterAlerts(alerts: readonly AlertRecord[], severity: SeverityFilter, showCleared: boolean): AlertRecord[] {
  return alerts
    .filter((alert) => (severity === 'all' || alert.severity === severity) && (showCleared || alert.clearedAt == null))
    .sort((a, b) => b.t - a.t || b.id.localeCompare(a.id));
}

export const ACTION_STATUS_WORDS: Readonly<Record<AutomaticActionRecord['status'], string>> = {
  measuring: 'On — measuring the following loads',
  kept: 'Kept',
  reverted: 'Switched off again: it made things worse',
  undone: 'Undone',
};

export function formatTime(t: number): string {
  return new Date(t).toLocaleTimeString('en-GB', { hour12: false });
}
