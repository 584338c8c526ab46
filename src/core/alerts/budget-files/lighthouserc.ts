/**
 * The assert part of a Lighthouse CI configuration (lighthouserc.json):
 *   { "ci": { "assert": { "assertions": { "largest-contentful-paint": ["warn", { "maxNumericValue": 2500 }],
 *                                         "resource-summary:script:size": ["error", { "maxNumericValue": 150000 }] },
 *                         "assertMatrix": [{ "matchingUrlPattern": "https://[^/]+/admin/.*", "assertions": { ... } }] } } }
 * An assertion is `level` or `[level, options]`, level "off" | "warn" | "error" (warning / critical).
 * Only maxNumericValue of metrics captured in real page loads can be evaluated; every other key
 * (scores, audits, presets) is listed as ignored with the reason.
 */
import type { MetricRef } from '../metrics';
import type { Budget, Trigger } from '../rules';
import { isResourceType } from '../resource-types';
import { BudgetFileError, isObject, nonNegativeNumber, type IgnoredEntry } from './errors';
import { importedRule } from './imported-rule';
import type { Unit } from '../units';

/** Lighthouse audit ids with a numeric value this extension measures. */
const AUDITS: Readonly<Record<string, { metric: MetricRef; unit: Unit }>> = {
  'largest-contentful-paint': { metric: { id: 'LCP' }, unit: 'ms' },
  'first-contentful-paint': { metric: { id: 'FCP' }, unit: 'ms' },
  'cumulative-layout-shift': { metric: { id: 'CLS' }, unit: 'unitless' },
  'total-blocking-time': { metric: { id: 'tbt' }, unit: 'ms' },
  'interaction-to-next-paint': { metric: { id: 'INP' }, unit: 'ms' },
  'experimental-interaction-to-next-paint': { metric: { id: 'INP' }, unit: 'ms' },
  'server-response-time': { metric: { id: 'TTFB' }, unit: 'ms' },
  'dom-size': { metric: { id: 'domNodes' }, unit: 'count' },
};

/**
 * Lighthouse CI aggregates the runs of a URL before asserting; the nearest trigger over views:
 * median → 2 of the last 3 views, optimistic (the best run) → 3 of 3, pessimistic (the worst) → any view.
 */
const AGGREGATIONS: Readonly<Record<string, { trigger: Trigger; minViews: number }>> = {
  median: { trigger: { kind: 'consistently', breaches: 2, views: 3 }, minViews: 2 },
  'median-run': { trigger: { kind: 'consistently', breaches: 2, views: 3 }, minViews: 2 },
  optimistic: { trigger: { kind: 'consistently', breaches: 3, views: 3 }, minViews: 3 },
  pessimistic: { trigger: { kind: 'single' }, minViews: 1 },
};

export function isLighthouseRc(value: unknown): boolean {
  return isObject(value) && (isObject(value.ci) || isObject(value.assert) || isObject(value.assertions) || Array.isArray(value.assertMatrix));
}

export function parseLighthouseRc(value: unknown, idPrefix: string): { budgets: Budget[]; ignored: IgnoredEntry[] } {
  if (!isObject(value)) throw new BudgetFileError('', 'a lighthouserc file is an object with ci.assert');
  const [assert, base] = assertSection(value);
  const ignored: IgnoredEntry[] = [];
  for (const key of Object.keys(assert)) {
    if (key === 'assertions' || key === 'assertMatrix') continue;
    const reason =
      key === 'preset'
        ? `preset ${JSON.stringify(assert.preset)} is a set of Lighthouse audits run in the lab; list the assertions you want instead`
        : key === 'budgetsFile' || key === 'budgetFile'
          ? 'import that budget.json file itself'
          : 'not an assertion';
    ignored.push({ field: `${base}.${key}`, reason });
  }
  const budgets: Budget[] = [];
  if (assert.assertions !== undefined) {
    budgets.push(budgetOf(assert.assertions, `${base}.assertions`, `${idPrefix}:0`, null, ignored));
  }
  if (assert.assertMatrix !== undefined) {
    if (!Array.isArray(assert.assertMatrix)) throw new BudgetFileError(`${base}.assertMatrix`, 'must be a list of { matchingUrlPattern, assertions }');
    assert.assertMatrix.forEach((entry, index) => {
      const field = `${base}.assertMatrix[${index}]`;
      if (!isObject(entry)) throw new BudgetFileError(field, 'must be an object');
      if (typeof entry.matchingUrlPattern !== 'string') throw new BudgetFileError(`${field}.matchingUrlPattern`, 'must be a regular expression string');
      try {
        new RegExp(entry.matchingUrlPattern);
      } catch {
        throw new BudgetFileError(`${field}.matchingUrlPattern`, 'is not a valid regular expression');
      }
      if (entry.preset !== undefined) ignored.push({ field: `${field}.preset`, reason: 'presets are sets of Lighthouse lab audits' });
      budgets.push(budgetOf(entry.assertions ?? {}, `${field}.assertions`, `${idPrefix}:${index + 1}`, entry.matchingUrlPattern, ignored));
    });
  }
  if (budgets.length === 0) throw new BudgetFileError(`${base}.assertions`, 'missing: the file has no assertions or assertMatrix');
  return { budgets, ignored };
}

function assertSection(value: Record<string, unknown>): [Record<string, unknown>, string] {
  if (isObject(value.ci)) {
    if (!isObject(value.ci.assert)) throw new BudgetFileError('ci.assert', 'missing: a lighthouserc file keeps its assertions in ci.assert');
    return [value.ci.assert, 'ci.assert'];
  }
  if (isObject(value.assert)) return [value.assert, 'assert'];
  return [value, ''];
}

function budgetOf(raw: unknown, field: string, id: string, regex: string | null, ignored: IgnoredEntry[]): Budget {
  if (!isObject(raw)) throw new BudgetFileError(field, 'must be an object of audit id → level or [level, options]');
  const rules = Object.entries(raw).flatMap(([key, assertion]) => {
    const where = `${field}.${key}`;
    const [level, options] = levelAndOptions(assertion, where);
    if (level === 'off') {
      ignored.push({ field: where, reason: 'switched off' });
      return [];
    }
    const target = targetOf(key);
    if (!target) {
      ignored.push({ field: where, reason: key.startsWith('categories:') ? 'category scores come from a Lighthouse lab run' : 'not a metric captured in real page loads' });
      return [];
    }
    if (options.maxNumericValue === undefined) {
      const other = Object.keys(options).filter((name) => name !== 'aggregationMethod');
      ignored.push({ field: where, reason: other.length > 0 ? `only maxNumericValue can be evaluated (found ${other.join(', ')})` : 'no maxNumericValue: nothing to compare with' });
      return [];
    }
    const max = nonNegativeNumber(options.maxNumericValue, `${where}[1].maxNumericValue`);
    const aggregation = options.aggregationMethod === undefined ? 'median' : options.aggregationMethod;
    const mapped = typeof aggregation === 'string' ? AGGREGATIONS[aggregation] : undefined;
    if (!mapped) throw new BudgetFileError(`${where}[1].aggregationMethod`, 'must be one of median, optimistic, pessimistic, median-run');
    for (const name of Object.keys(options)) if (name !== 'maxNumericValue' && name !== 'aggregationMethod') ignored.push({ field: `${where}[1].${name}`, reason: 'only maxNumericValue can be evaluated' });
    return [importedRule(id, target.metric, { value: max, unit: target.unit }, level === 'error' ? 'critical' : 'warning', mapped.trigger, mapped.minViews)];
  });
  return {
    id,
    name: regex === null ? 'lighthouserc assertions' : `lighthouserc ${regex}`,
    enabled: true,
    scope: regex === null ? { kind: 'all' } : { kind: 'regex', regex },
    rules,
    source: 'lighthouserc',
  };
}

function levelAndOptions(assertion: unknown, field: string): ['off' | 'warn' | 'error', Record<string, unknown>] {
  const isLevel = (value: unknown): value is 'off' | 'warn' | 'error' => value === 'off' || value === 'warn' || value === 'error';
  if (isLevel(assertion)) return [assertion, {}];
  if (Array.isArray(assertion) && isLevel(assertion[0])) {
    if (assertion[1] !== undefined && !isObject(assertion[1])) throw new BudgetFileError(`${field}[1]`, 'must be an options object such as { "maxNumericValue": 2500 }');
    return [assertion[0], (assertion[1] as Record<string, unknown> | undefined) ?? {}];
  }
  throw new BudgetFileError(field, 'must be "off", "warn", "error" or [level, { options }]');
}

/** `resource-summary:script:size` (bytes) / `:count`, or an audit with a numeric value. */
function targetOf(key: string): { metric: MetricRef; unit: Unit } | null {
  const summary = /^resource-summary:([a-z-]+):(size|count)$/.exec(key);
  if (summary) {
    const type = summary[1];
    if (!isResourceType(type)) return null;
    return summary[2] === 'size' ? { metric: { id: 'bytes', resourceType: type }, unit: 'B' } : { metric: { id: 'requests', resourceType: type }, unit: 'count' };
  }
  return AUDITS[key] ?? null;
}
