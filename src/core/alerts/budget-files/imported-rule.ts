/** Rules made from the lines of other tools' budget files: one shape, one id scheme. */
import type { AlertSeverity } from '../../model';
import { metricKey, type MetricRef } from '../metrics';
import type { AlertRule, Trigger } from '../rules';
import type { Quantity } from '../units';

/** What a budget line from another tool fires on unless the file says otherwise: any one view over budget. */
export const IMPORTED_TRIGGER: Trigger = { kind: 'single' };
/** Views back under budget before an imported line's alert clears. */
export const IMPORTED_CLEAR_AFTER = 2;

export function importedRule(budgetId: string, metric: MetricRef, threshold: Quantity, severity: AlertSeverity, trigger: Trigger = IMPORTED_TRIGGER, minViews = 1): AlertRule {
  return { id: `${budgetId}:${metricKey(metric)}:${severity}`, metric, comparison: '>', threshold, severity, trigger, minViews, clearAfter: IMPORTED_CLEAR_AFTER };
}
