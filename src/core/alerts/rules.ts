/**
 * Alert rules and the budgets that hold them. A rule: a metric, a comparison, a threshold with
 * its unit, a severity and a trigger (how many views, how). A budget: rules for a scope of
 * pages. Where several budgets match a page, the last one wins for each metric it sets (as in
 * Lighthouse's budget.json, where later, narrower budgets override the global one).
 */
import type { AlertSeverity, VitalName } from '../model';
import { VITAL_NAMES } from '../model';
import { VITAL_THRESHOLDS, VITAL_UNITS } from '../metrics/ratings';
import { metricKey, metricShortName, type MetricRef } from './metrics';
import { scopeMatches, type Scope } from './scope';
import { formatQuantity, type Quantity } from './units';

/** How a measured value is compared with the threshold: a breach is `value <comparison> threshold`. */
export type Comparison = '>' | '>=' | '<' | '<=';

/** The baseline a regression rule compares with. */
export type Baseline =
  /** The same page's views just before the recent ones. */
  | { source: 'earlier'; views: number }
  /** The same page's views in a stored session. */
  | { source: 'session'; sessionId: string };

/** When a rule fires. */
export type Trigger =
  /** The latest view alone. */
  | { kind: 'single' }
  /** The 75th percentile of the last `views` views (how web.dev rates a page). */
  | { kind: 'p75'; views: number }
  /** At least `breaches` of the last `views` views. */
  | { kind: 'consistently'; breaches: number; views: number }
  /**
   * Slower than baseline: the last `views` views against the baseline, two-sided Mann-Whitney U
   * at `alpha`, worse and with medians apart by at least the threshold (and `minPercent` when set).
   */
  | { kind: 'baseline'; views: number; baseline: Baseline; alpha: number; minPercent?: number };

/** An automatic action a rule may carry (off unless the user opts in per rule). */
export interface RuleAction {
  kind: 'enable-strategy';
  /** Optimizer strategy id. */
  strategyId: string;
}

/** One alert rule. */
export interface AlertRule {
  id: string;
  metric: MetricRef;
  comparison: Comparison;
  /** For a regression rule: the least difference of medians that counts. */
  threshold: Quantity;
  severity: AlertSeverity;
  trigger: Trigger;
  /** Views of the page measured before the rule may fire. */
  minViews: number;
  /** Consecutive views without the breach before an open alert clears. */
  clearAfter: number;
  action?: RuleAction;
}

/** Where a budget came from. */
export type BudgetSource = 'default' | 'user' | 'admin-performance' | 'lighthouse-budget' | 'lighthouserc' | 'sitespeed';

/** Rules for a scope of pages. */
export interface Budget {
  id: string;
  name: string;
  enabled: boolean;
  scope: Scope;
  rules: AlertRule[];
  source: BudgetSource;
}

/** How many views of a page the rule's trigger looks at. */
export function windowSize(rule: AlertRule): number {
  switch (rule.trigger.kind) {
    case 'single':
      return 1;
    case 'p75':
    case 'consistently':
      return rule.trigger.views;
    case 'baseline':
      return rule.trigger.views + (rule.trigger.baseline.source === 'earlier' ? rule.trigger.baseline.views : 0);
  }
}

/**
 * The rules that apply to url: of the enabled budgets whose scope matches, in order, the last
 * one that sets a metric supplies all its rules for that metric (both severities).
 */
export function rulesForUrl(budgets: readonly Budget[], url: string): AlertRule[] {
  const byMetric = new Map<string, AlertRule[]>();
  for (const budget of budgets) {
    if (!budget.enabled || !scopeMatches(budget.scope, url)) continue;
    const mine = new Map<string, AlertRule[]>();
    for (const rule of budget.rules) {
      const key = metricKey(rule.metric);
      mine.set(key, [...(mine.get(key) ?? []), rule]);
    }
    for (const [key, rules] of mine) byMetric.set(key, rules);
  }
  return [...byMetric.values()].flat();
}

/** Every rule id of the enabled budgets. */
export function enabledRuleIds(budgets: readonly Budget[]): Set<string> {
  return new Set(budgets.filter((budget) => budget.enabled).flatMap((budget) => budget.rules.map((rule) => rule.id)));
}

/** The trigger in words: "p75 of the last 20 views", "3 of the last 5 views". */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'single':
      return 'any single view';
    case 'p75':
      return `p75 of the last ${trigger.views} views`;
    case 'consistently':
      return `${trigger.breaches} of the last ${trigger.views} views`;
    case 'baseline':
      return `last ${trigger.views} views slower than ${trigger.baseline.source === 'earlier' ? `the ${trigger.baseline.views} views before` : `session ${trigger.baseline.sessionId}`} (Mann-Whitney U, α = ${trigger.alpha})`;
  }
}

/** A rule in one line: "LCP > 2,500 ms (p75 of the last 20 views) → warning". */
export function describeRule(rule: AlertRule): string {
  const condition = rule.trigger.kind === 'baseline' ? `slower by ≥ ${formatQuantity(rule.threshold)}${rule.trigger.minPercent ? ` and ${rule.trigger.minPercent}%` : ''}` : `${rule.comparison} ${formatQuantity(rule.threshold)}`;
  return `${metricShortName(rule.metric)} ${condition} (${describeTrigger(rule.trigger)}) → ${rule.severity}`;
}

// ---------------------------------------------------------------------------------------------
// Defaults

/** The id of the built-in Core Web Vitals budget. */
export const DEFAULT_BUDGET_ID = 'core-web-vitals';

/** Views the default rules take their p75 over, and how many they need first. */
export const DEFAULT_P75_VIEWS = 20;
export const DEFAULT_MIN_VIEWS = 5;
export const DEFAULT_CLEAR_AFTER = 3;

/**
 * The Core Web Vitals as warning (needs improvement) and critical (poor) at the p75, from the
 * one table of thresholds the ratings use.
 */
export function defaultBudget(): Budget {
  const rules: AlertRule[] = [];
  for (const name of VITAL_NAMES) {
    const [good, poor] = VITAL_THRESHOLDS[name];
    for (const [severity, value] of [['warning', good], ['critical', poor]] as const) {
      rules.push({
        id: `${DEFAULT_BUDGET_ID}:${name}:${severity}`,
        metric: { id: name },
        comparison: '>',
        threshold: { value, unit: vitalUnit(name) },
        severity,
        trigger: { kind: 'p75', views: DEFAULT_P75_VIEWS },
        minViews: DEFAULT_MIN_VIEWS,
        clearAfter: DEFAULT_CLEAR_AFTER,
      });
    }
  }
  return { id: DEFAULT_BUDGET_ID, name: 'Core Web Vitals (web.dev thresholds)', enabled: true, scope: { kind: 'all' }, rules, source: 'default' };
}

function vitalUnit(name: VitalName): Quantity['unit'] {
  return VITAL_UNITS[name] === 'ms' ? 'ms' : 'unitless';
}
