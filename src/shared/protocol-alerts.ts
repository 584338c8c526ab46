/** Panel -> background requests of the alerts capability (budgets, alerts, automatic actions), and their replies. */
import type { Budget, IgnoredEntry, ParsedBudgetFile } from '../core/alerts';
import type { AlertRecord, AutomaticActionRecord } from '../core/model';

/** What the Alerts view shows for the inspected tab. */
export interface AlertsView {
  /** The tab's page and its key (origin + path) for per-page budgets and mutes. */
  pageUrl: string;
  pageKey: string;
  /** Alerts of the tab's session and open alerts of its page, newest first. */
  alerts: AlertRecord[];
  /** Automatic actions taken for the tab's session or page, newest first. */
  actions: AutomaticActionRecord[];
  /** Every budget, in the order they apply (the last matching one wins per metric). */
  budgets: Budget[];
  /** Muted rules of this page. */
  mutedRuleIds: string[];
  notifications: { enabled: boolean };
  /** Open alerts counted on the tab's badge, by severity. */
  open: { warning: number; critical: number };
}

/** What an import did. */
export interface BudgetImportResult {
  format: ParsedBudgetFile['format'];
  formatName: string;
  budgets: number;
  rules: number;
  ignored: IgnoredEntry[];
}

export interface AlertsRequests {
  alertsView: { tabId: number };
  /** Adds or replaces (by id) a budget; validated in the background. */
  saveBudget: { tabId: number; budget: unknown };
  deleteBudget: { tabId: number; budgetId: string };
  setBudgetEnabled: { tabId: number; budgetId: string; enabled: boolean };
  /** Appends the budgets of a budget file (any supported format); nothing changes when it does not parse. */
  importBudgets: { tabId: number; text: string };
  exportBudgets: Record<string, never>;
  acknowledgeAlert: { tabId: number; alertId: string };
  muteRule: { tabId: number; ruleId: string; pageKey: string; muted: boolean };
  setNotifications: { tabId: number; enabled: boolean };
  /** Reverses an automatic action: the strategies it changed are restored. */
  undoAction: { tabId: number; actionId: string };
}

export interface AlertsReplies {
  alertsView: AlertsView;
  saveBudget: AlertsView;
  deleteBudget: AlertsView;
  setBudgetEnabled: AlertsView;
  importBudgets: { view: AlertsView; result: BudgetImportResult };
  exportBudgets: { text: string; fileName: string };
  acknowledgeAlert: AlertsView;
  muteRule: AlertsView;
  setNotifications: AlertsView;
  undoAction: AlertsView;
}
