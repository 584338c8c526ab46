/**
 * Budgets, mutes and notification settings, kept in storage.local (small, and read by every
 * evaluation). Budgets read back from storage are checked again: a rule that no longer
 * validates is dropped, never evaluated half-understood.
 */
import { defaultBudget, validateBudget, type Budget } from '../core/alerts';

export const ALERT_BUDGETS_KEY = 'alertBudgets';
export const ALERT_MUTES_KEY = 'alertMutes';
export const ALERT_NOTIFICATIONS_KEY = 'alertNotifications';

/** The stored budgets; `revision` grows on every change so the background knows to re-judge open alerts. */
export interface StoredBudgets {
  revision: number;
  budgets: Budget[];
}

/** Desktop notifications (optional permission, off by default). */
export interface NotificationSettings {
  enabled: boolean;
}

/** Budgets from storage: the Core Web Vitals defaults until the user changes anything. */
export function readStoredBudgets(raw: unknown): StoredBudgets {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as StoredBudgets).budgets)) return { revision: 0, budgets: [defaultBudget()] };
  const stored = raw as { revision?: unknown; budgets: unknown[] };
  const budgets: Budget[] = [];
  for (const candidate of stored.budgets) {
    try {
      budgets.push(validateBudget(candidate));
    } catch (error) {
      console.warn('[Admin Performance] dropped a stored budget that no longer validates:', error);
    }
  }
  return { revision: typeof stored.revision === 'number' ? stored.revision : 0, budgets };
}

/** The key of a muted rule on a page. */
export function muteKey(ruleId: string, pageKey: string): string {
  return `${ruleId}\u0000${pageKey}`;
}

export function readMutes(raw: unknown): Set<string> {
  return new Set(Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : []);
}

export function readNotificationSettings(raw: unknown): NotificationSettings {
  return { enabled: typeof raw === 'object' && raw !== null && (raw as NotificationSettings).enabled === true };
}
