/**
 * Our budget file: versioned JSON that export writes and import reads back unchanged.
 *   { "format": "admin-performance-budgets", "version": 1, "budgets": [Budget, ...] }
 * The same validator checks a budget the panel's editor built, so the file and the editor cannot
 * disagree about what a valid rule is.
 */
import { metricDimension, metricProblem, type MetricRef } from '../metrics';
import type { AlertRule, Budget, BudgetSource, Comparison, Trigger } from '../rules';
import { scopeProblem, type Scope } from '../scope';
import { dimensionOf, isUnit, UNITS } from '../units';
import { BudgetFileError, describe, isObject, nonNegativeNumber, wholeNumber } from './errors';

export const BUDGET_FILE_FORMAT = 'admin-performance-budgets';
export const BUDGET_FILE_VERSION = 1;

/** Our budget file's content. */
export interface BudgetFile {
  format: typeof BUDGET_FILE_FORMAT;
  version: typeof BUDGET_FILE_VERSION;
  budgets: Budget[];
}

/** The budgets as our file, pretty-printed. */
export function exportBudgetFile(budgets: readonly Budget[]): string {
  const file: BudgetFile = { format: BUDGET_FILE_FORMAT, version: BUDGET_FILE_VERSION, budgets: budgets.map((budget) => structuredCopy(budget)) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function isOurBudgetFile(value: unknown): boolean {
  return isObject(value) && value.format === BUDGET_FILE_FORMAT;
}

/** Reads our budget file; a BudgetFileError names the first wrong field. */
export function parseOurBudgetFile(value: unknown): Budget[] {
  if (!isObject(value) || value.format !== BUDGET_FILE_FORMAT) throw new BudgetFileError('format', `must be "${BUDGET_FILE_FORMAT}"`);
  if (value.version !== BUDGET_FILE_VERSION) throw new BudgetFileError('version', `must be ${BUDGET_FILE_VERSION} (this file says ${describe(value.version)}; it was written by a newer version of the extension?)`);
  if (!Array.isArray(value.budgets)) throw new BudgetFileError('budgets', 'must be a list of budgets');
  const budgets = value.budgets.map((budget, index) => validateBudget(budget, `budgets[${index}]`));
  const ids = new Set<string>();
  budgets.forEach((budget, index) => {
    if (ids.has(budget.id)) throw new BudgetFileError(`budgets[${index}].id`, `"${budget.id}" is used by an earlier budget; ids must be unique`);
    ids.add(budget.id);
  });
  const ruleIds = new Set<string>();
  budgets.forEach((budget, b) =>
    budget.rules.forEach((rule, r) => {
      if (ruleIds.has(rule.id)) throw new BudgetFileError(`budgets[${b}].rules[${r}].id`, `"${rule.id}" is used by an earlier rule; ids must be unique`);
      ruleIds.add(rule.id);
    }),
  );
  return budgets;
}

const SOURCES: readonly BudgetSource[] = ['default', 'user', 'admin-performance', 'lighthouse-budget', 'lighthouserc', 'sitespeed'];
const COMPARISONS: readonly Comparison[] = ['>', '>=', '<', '<='];

/** A budget checked field by field (at `field`, for messages). */
export function validateBudget(raw: unknown, field = 'budget'): Budget {
  if (!isObject(raw)) throw new BudgetFileError(field, 'must be an object');
  const id = nonEmptyString(raw.id, `${field}.id`);
  const name = typeof raw.name === 'string' ? raw.name : id;
  if (typeof raw.enabled !== 'boolean') throw new BudgetFileError(`${field}.enabled`, 'must be true or false');
  const scope = validateScope(raw.scope, `${field}.scope`);
  if (!Array.isArray(raw.rules)) throw new BudgetFileError(`${field}.rules`, 'must be a list of rules');
  const rules = raw.rules.map((rule, index) => validateRule(rule, `${field}.rules[${index}]`));
  const source = raw.source === undefined ? 'user' : raw.source;
  if (!SOURCES.includes(source as BudgetSource)) throw new BudgetFileError(`${field}.source`, `must be one of ${SOURCES.join(', ')}`);
  return { id, name, enabled: raw.enabled, scope, rules, source: source as BudgetSource };
}

function validateScope(raw: unknown, field: string): Scope {
  if (!isObject(raw)) throw new BudgetFileError(field, 'must be an object such as {"kind": "all"}');
  const problem = scopeProblem(raw);
  if (problem) throw new BudgetFileError(raw.kind === undefined || problem.startsWith('kind') ? `${field}.kind` : `${field}.${String(raw.kind)}`, problem);
  switch (raw.kind) {
    case 'all':
      return { kind: 'all' };
    case 'origin':
      return { kind: 'origin', origin: raw.origin as string };
    case 'pattern':
      return { kind: 'pattern', pattern: raw.pattern as string };
    case 'path':
      return { kind: 'path', path: raw.path as string };
    default:
      return { kind: 'regex', regex: raw.regex as string };
  }
}

/** A rule checked field by field. */
export function validateRule(raw: unknown, field = 'rule'): AlertRule {
  if (!isObject(raw)) throw new BudgetFileError(field, 'must be an object');
  const id = nonEmptyString(raw.id, `${field}.id`);
  const metric = validateMetric(raw.metric, `${field}.metric`);
  if (!COMPARISONS.includes(raw.comparison as Comparison)) throw new BudgetFileError(`${field}.comparison`, `must be one of ${COMPARISONS.join(' ')}`);
  if (!isObject(raw.threshold)) throw new BudgetFileError(`${field}.threshold`, 'must be {"value": number, "unit": ...}');
  const value = nonNegativeNumber(raw.threshold.value, `${field}.threshold.value`);
  if (!isUnit(raw.threshold.unit)) throw new BudgetFileError(`${field}.threshold.unit`, `must be one of ${UNITS.join(', ')}`);
  const unit = raw.threshold.unit;
  const dimension = metricDimension(metric);
  if (dimensionOf(unit) !== dimension) throw new BudgetFileError(`${field}.threshold.unit`, `"${unit}" does not measure ${dimensionWords(dimension)}, which ${metric.id} is`);
  if (raw.severity !== 'warning' && raw.severity !== 'critical') throw new BudgetFileError(`${field}.severity`, 'must be "warning" or "critical"');
  const trigger = validateTrigger(raw.trigger, `${field}.trigger`);
  const minViews = wholeNumber(raw.minViews, `${field}.minViews`, 1);
  const clearAfter = wholeNumber(raw.clearAfter, `${field}.clearAfter`, 1);
  const rule: AlertRule = { id, metric, comparison: raw.comparison as Comparison, threshold: { value, unit }, severity: raw.severity, trigger, minViews, clearAfter };
  if (raw.action !== undefined) {
    if (!isObject(raw.action) || raw.action.kind !== 'enable-strategy') throw new BudgetFileError(`${field}.action.kind`, 'must be "enable-strategy"');
    rule.action = { kind: 'enable-strategy', strategyId: nonEmptyString(raw.action.strategyId, `${field}.action.strategyId`) };
  }
  return rule;
}

function validateMetric(raw: unknown, field: string): MetricRef {
  if (!isObject(raw) || typeof raw.id !== 'string') throw new BudgetFileError(`${field}.id`, 'must name a metric');
  const problem = metricProblem({ ...raw, id: raw.id });
  if (problem) {
    const where = problem.startsWith('unknown') ? 'id' : problem.split(' ', 1)[0]!;
    throw new BudgetFileError(`${field}.${where}`, problem);
  }
  switch (raw.id) {
    case 'requests':
    case 'bytes':
      return { id: raw.id, resourceType: raw.resourceType as never };
    case 'requestMs':
      return { id: 'requestMs', urlPattern: raw.urlPattern as string };
    case 'routeP95':
      return { id: 'routeP95', route: raw.route as string };
    default:
      return { id: raw.id as never };
  }
}

function validateTrigger(raw: unknown, field: string): Trigger {
  if (!isObject(raw)) throw new BudgetFileError(field, 'must be an object such as {"kind": "single"}');
  switch (raw.kind) {
    case 'single':
      return { kind: 'single' };
    case 'p75':
      return { kind: 'p75', views: wholeNumber(raw.views, `${field}.views`, 1) };
    case 'consistently': {
      const views = wholeNumber(raw.views, `${field}.views`, 1);
      const breaches = wholeNumber(raw.breaches, `${field}.breaches`, 1);
      if (breaches > views) throw new BudgetFileError(`${field}.breaches`, `must be at most views (${views})`);
      return { kind: 'consistently', breaches, views };
    }
    case 'baseline': {
      const views = wholeNumber(raw.views, `${field}.views`, 3);
      const alpha = raw.alpha === undefined ? 0.05 : raw.alpha;
      if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw new BudgetFileError(`${field}.alpha`, 'must be a number between 0 and 1 (0.05 is usual)');
      if (!isObject(raw.baseline)) throw new BudgetFileError(`${field}.baseline`, 'must be {"source": "earlier", "views": n} or {"source": "session", "sessionId": id}');
      const baseline =
        raw.baseline.source === 'earlier'
          ? { source: 'earlier' as const, views: wholeNumber(raw.baseline.views, `${field}.baseline.views`, 3) }
          : raw.baseline.source === 'session'
            ? { source: 'session' as const, sessionId: nonEmptyString(raw.baseline.sessionId, `${field}.baseline.sessionId`) }
            : (() => {
                throw new BudgetFileError(`${field}.baseline.source`, 'must be "earlier" or "session"');
              })();
      const trigger: Trigger = { kind: 'baseline', views, baseline, alpha };
      if (raw.minPercent !== undefined) trigger.minPercent = nonNegativeNumber(raw.minPercent, `${field}.minPercent`);
      return trigger;
    }
    default:
      throw new BudgetFileError(`${field}.kind`, 'must be one of single, p75, consistently, baseline');
  }
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BudgetFileError(field, `must be a non-empty string, got ${describe(value)}`);
  return value;
}

function dimensionWords(dimension: string): string {
  return { time: 'time', size: 'a size', count: 'a count', score: 'a unitless score' }[dimension] ?? dimension;
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
