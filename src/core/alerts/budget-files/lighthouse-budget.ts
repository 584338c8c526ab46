/**
 * Lighthouse's budget.json: a list of budgets, each with an optional robots.txt-style `path`
 * (last matching budget wins), `timings` in ms (CLS unitless), `resourceSizes` in KiB of
 * transfer size and `resourceCounts` in requests, per resource type.
 *   [{ "path": "/*", "timings": [{ "metric": "largest-contentful-paint", "budget": 2500 }],
 *      "resourceSizes": [{ "resourceType": "script", "budget": 150 }],
 *      "resourceCounts": [{ "resourceType": "third-party", "budget": 10 }] }]
 */
import type { MetricRef } from '../metrics';
import type { Budget } from '../rules';
import { isResourceType } from '../resource-types';
import { BudgetFileError, isObject, nonNegativeNumber, type IgnoredEntry } from './errors';
import { importedRule } from './imported-rule';

/** Lighthouse timing metrics this extension measures, by their budget.json name. */
const TIMINGS: Readonly<Record<string, MetricRef>> = {
  'first-contentful-paint': { id: 'FCP' },
  'largest-contentful-paint': { id: 'LCP' },
  'cumulative-layout-shift': { id: 'CLS' },
  'total-blocking-time': { id: 'tbt' },
  'interaction-to-next-paint': { id: 'INP' },
  'server-response-time': { id: 'TTFB' },
};

/** Lighthouse timing metrics that are lab-only (a simulated or traced load), not captured here. */
const LAB_ONLY = new Set(['interactive', 'first-meaningful-paint', 'first-cpu-idle', 'max-potential-fid', 'estimated-input-latency', 'speed-index']);

const KNOWN_KEYS = new Set(['path', 'options', 'timings', 'resourceSizes', 'resourceCounts']);

export function isLighthouseBudget(value: unknown): boolean {
  return Array.isArray(value);
}

export function parseLighthouseBudget(value: unknown, idPrefix: string): { budgets: Budget[]; ignored: IgnoredEntry[] } {
  if (!Array.isArray(value)) throw new BudgetFileError('', 'a Lighthouse budget.json is a list of budgets ([{ "path": "/*", ... }])');
  const ignored: IgnoredEntry[] = [];
  const budgets = value.map((raw, index): Budget => {
    const field = `[${index}]`;
    if (!isObject(raw)) throw new BudgetFileError(field, 'must be an object');
    const id = `${idPrefix}:${index}`;
    let path: string | undefined;
    if (raw.path !== undefined) {
      if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) throw new BudgetFileError(`${field}.path`, 'must be a path starting with "/" (robots.txt form: /, /blog, /uk/*/cart$)');
      path = raw.path;
    }
    for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) ignored.push({ field: `${field}.${key}`, reason: 'not part of budget.json' });
    if (raw.options !== undefined) ignored.push({ field: `${field}.options`, reason: 'firstPartyHostnames is not used: third parties are hosts outside the page’s site' });
    const rules = [
      ...list(raw.timings, `${field}.timings`).flatMap((item, i) => {
        const where = `${field}.timings[${i}]`;
        if (!isObject(item) || typeof item.metric !== 'string') throw new BudgetFileError(`${where}.metric`, 'must name a Lighthouse metric, e.g. "largest-contentful-paint"');
        const budget = nonNegativeNumber(item.budget, `${where}.budget`);
        const metric = TIMINGS[item.metric];
        if (!metric) {
          ignored.push({ field: `${where}.metric`, reason: LAB_ONLY.has(item.metric) ? `"${item.metric}" is a lab metric of a Lighthouse run, not measured in real page loads` : `unknown metric "${item.metric}"` });
          return [];
        }
        return [importedRule(id, metric, { value: budget, unit: metric.id === 'CLS' ? 'unitless' : 'ms' }, 'critical')];
      }),
      ...resourceRules(raw.resourceSizes, `${field}.resourceSizes`, 'bytes', id),
      ...resourceRules(raw.resourceCounts, `${field}.resourceCounts`, 'requests', id),
    ];
    return {
      id,
      name: `budget.json ${path ?? 'all pages'}`,
      enabled: true,
      scope: path === undefined || path === '/' || path === '/*' ? { kind: 'all' } : { kind: 'path', path },
      rules,
      source: 'lighthouse-budget',
    };
  });
  return { budgets, ignored };
}

function resourceRules(raw: unknown, field: string, kind: 'bytes' | 'requests', budgetId: string) {
  return list(raw, field).map((item, i) => {
    const where = `${field}[${i}]`;
    if (!isObject(item) || !isResourceType(item.resourceType)) throw new BudgetFileError(`${where}.resourceType`, 'must be one of document, font, image, media, other, script, stylesheet, third-party, total');
    const budget = nonNegativeNumber(item.budget, `${where}.budget`);
    // budget.json sizes are KiB of transfer size; counts are requests.
    return importedRule(budgetId, { id: kind, resourceType: item.resourceType }, kind === 'bytes' ? { value: budget, unit: 'KiB' } : { value: budget, unit: 'count' }, 'critical');
  });
}

function list(raw: unknown, field: string): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new BudgetFileError(field, 'must be a list');
  return raw;
}
