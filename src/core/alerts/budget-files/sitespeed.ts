/**
 * A sitespeed.io budget file (the format of sitespeed.io 8 and later): sections of limits, all
 * sizes in bytes, all timings in ms, with optional overrides per URL.
 *   { "budget": { "googleWebVitals": { "largestContentfulPaint": 2500 },
 *                 "transferSize": { "total": 400000, "javascript": 100000 },
 *                 "requests": { "total": 89 },
 *                 "https://admin.example.com/reports": { "googleWebVitals": { "largestContentfulPaint": 4000 } } } }
 * Limits are maxima except where sitespeed.io treats them as minimum scores (score, lighthouse,
 * gpsi), which a page load does not have: those are listed as ignored.
 */
import type { MetricRef } from '../metrics';
import type { Budget } from '../rules';
import type { ResourceType } from '../resource-types';
import { defaultPattern, isValidPattern } from '../../optimizer/patterns';
import { BudgetFileError, isObject, nonNegativeNumber, type IgnoredEntry } from './errors';
import { importedRule } from './imported-rule';
import type { Unit } from '../units';

type Target = { metric: MetricRef; unit: Unit };
const ms = (metric: MetricRef): Target => ({ metric, unit: 'ms' });

const BY_TYPE: Readonly<Record<string, ResourceType>> = { total: 'total', html: 'document', javascript: 'script', css: 'stylesheet', image: 'image', font: 'font' };

/** Section → key → what it measures here. */
const SECTIONS: Readonly<Record<string, Readonly<Record<string, Target>>>> = {
  googleWebVitals: {
    timeToFirstByte: ms({ id: 'TTFB' }),
    firstContentfulPaint: ms({ id: 'FCP' }),
    largestContentfulPaint: ms({ id: 'LCP' }),
    interactionToNextPaint: ms({ id: 'INP' }),
    totalBlockingTime: ms({ id: 'tbt' }),
    cumulativeLayoutShift: { metric: { id: 'CLS' }, unit: 'unitless' },
  },
  timings: {
    firstContentfulPaint: ms({ id: 'FCP' }),
    largestContentfulPaint: ms({ id: 'LCP' }),
    serverResponseTime: ms({ id: 'TTFB' }),
  },
  cpu: {
    totalBlockingTime: ms({ id: 'tbt' }),
    longTasksTotalDuration: ms({ id: 'loafMs' }),
  },
  pageinfo: {
    cumulativeLayoutShift: { metric: { id: 'CLS' }, unit: 'unitless' },
    domElements: { metric: { id: 'domNodes' }, unit: 'count' },
  },
  requests: Object.fromEntries(Object.entries(BY_TYPE).map(([key, type]) => [key, { metric: { id: 'requests', resourceType: type }, unit: 'count' as const }])),
  transferSize: Object.fromEntries(Object.entries(BY_TYPE).map(([key, type]) => [key, { metric: { id: 'bytes', resourceType: type }, unit: 'B' as const }])),
  thirdParty: {
    requests: { metric: { id: 'requests', resourceType: 'third-party' }, unit: 'count' },
    transferSize: { metric: { id: 'bytes', resourceType: 'third-party' }, unit: 'B' },
  },
};

/** Sections sitespeed.io knows that a real page load here cannot evaluate, and why. */
const UNSUPPORTED_SECTIONS: Readonly<Record<string, string>> = {
  contentSize: 'content sizes (uncompressed) are not budgeted here; use transferSize',
  firstParty: 'first-party totals are not budgeted here; use transferSize/requests minus thirdParty',
  score: 'Coach scores come from a sitespeed.io run',
  lighthouse: 'Lighthouse scores come from a lab run',
  gpsi: 'PageSpeed Insights scores come from Google',
  webpagetest: 'WebPageTest metrics come from a WebPageTest run',
  sustainable: 'CO₂ estimates are not computed here',
  axe: 'accessibility findings are not captured here',
  browser: 'the CPU benchmark is not captured here',
  usertimings: 'User Timing marks are not captured here',
  scriptingmetrics: 'scripting metrics belong to a sitespeed.io script',
};

export function isSitespeedBudget(value: unknown): boolean {
  return isObject(value) && (isObject(value.budget) || Object.keys(value).some((key) => key.endsWith('.pageSummary')));
}

export function parseSitespeedBudget(value: unknown, idPrefix: string): { budgets: Budget[]; ignored: IgnoredEntry[] } {
  if (!isObject(value)) throw new BudgetFileError('', 'a sitespeed.io budget file is an object with "budget"');
  const ignored: IgnoredEntry[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'budget') ignored.push({ field: key, reason: key.endsWith('.pageSummary') ? 'the pre-8.0 budget format (internal data structure) is not supported; use the "budget" sections' : 'not part of a budget file' });
  }
  if (value.budget === undefined) {
    if (ignored.length > 0) return { budgets: [], ignored };
    throw new BudgetFileError('budget', 'missing');
  }
  if (!isObject(value.budget)) throw new BudgetFileError('budget', 'must be an object of sections (timings, requests, transferSize, ...)');

  const overrides: [string, Record<string, unknown>][] = [];
  const defaults: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(value.budget)) {
    if (SECTIONS[key] || UNSUPPORTED_SECTIONS[key]) defaults[key] = section;
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) {
      if (!isObject(section)) throw new BudgetFileError(`budget.${key}`, 'must be an object of sections');
      if (!isValidPattern(key)) throw new BudgetFileError(`budget.${key}`, 'is not a valid URL');
      overrides.push([key, section]);
    } else ignored.push({ field: `budget.${key}`, reason: isObject(value.budget[key]) ? 'an alias: give the page’s URL instead, this extension does not know your aliases' : 'not a budget section' });
  }
  const budgets = [budgetOf(defaults, 'budget', `${idPrefix}:0`, null, ignored)];
  overrides.forEach(([url, sections], index) => budgets.push(budgetOf(sections, `budget.${url}`, `${idPrefix}:${index + 1}`, url, ignored)));
  return { budgets, ignored };
}

function budgetOf(sections: Record<string, unknown>, field: string, id: string, url: string | null, ignored: IgnoredEntry[]): Budget {
  const rules = Object.entries(sections).flatMap(([name, section]) => {
    const where = `${field}.${name}`;
    if (UNSUPPORTED_SECTIONS[name]) {
      ignored.push({ field: where, reason: UNSUPPORTED_SECTIONS[name]! });
      return [];
    }
    const targets = SECTIONS[name];
    if (!targets) {
      ignored.push({ field: where, reason: 'not a budget section' });
      return [];
    }
    if (!isObject(section)) throw new BudgetFileError(where, 'must be an object of metric → limit');
    return Object.entries(section).flatMap(([key, limit]) => {
      const target = targets[key];
      if (!target) {
        ignored.push({ field: `${where}.${key}`, reason: 'not captured in real page loads' });
        return [];
      }
      const value = nonNegativeNumber(limit, `${where}.${key}`);
      return [importedRule(id, target.metric, { value, unit: target.unit }, 'critical')];
    });
  });
  return {
    id,
    name: url === null ? 'sitespeed.io budget' : `sitespeed.io ${url}`,
    enabled: true,
    scope: url === null ? { kind: 'all' } : { kind: 'pattern', pattern: defaultPattern(url) },
    rules,
    source: 'sitespeed',
  };
}
