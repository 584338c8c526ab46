/**
 * The CI runner's budget checks on the alerts rule engine (src/core/alerts): the same budget
 * files and the same judge as the panel. A CI run is N runs of one page, so each rule's window
 * of "the last V views" becomes all N runs: a single-view rule must hold in every run, a p75
 * rule on the p75 over the runs, "B of the last V" on the same share of the runs. Regression
 * rules (against earlier views or a stored session) are listed as ignored: in CI the baseline
 * file (--baseline) is the comparison.
 */
import {
  BUDGET_FILE_FORMAT_NAMES,
  BudgetFileError,
  formatQuantity,
  formatValue,
  judge,
  measureView,
  metricDimension,
  metricShortName,
  metricTitle,
  pageKeyOf,
  parseBudgetFile,
  rulesForUrl,
  toBaseUnit,
  viewsOfSession,
  type AlertRule,
  type Budget,
  type WindowEntry,
} from '../alerts/index';
import type { SessionData } from '../model';
import { p75 } from '../stats';
import type { BudgetCheck, BudgetEngine, LoadedBudgets } from './budgets';
import { CiInputError } from './errors';

/** A rule's trigger stretched over all `runs` runs. */
export function ruleForRuns(rule: AlertRule, runs: number): AlertRule | null {
  const minViews = Math.min(rule.minViews, runs);
  switch (rule.trigger.kind) {
    case 'single':
      return { ...rule, minViews, trigger: { kind: 'consistently', breaches: 1, views: runs } };
    case 'p75':
      return { ...rule, minViews, trigger: { kind: 'p75', views: runs } };
    case 'consistently': {
      const breaches = Math.max(1, Math.ceil((rule.trigger.breaches * runs) / rule.trigger.views));
      return { ...rule, minViews, trigger: { kind: 'consistently', breaches: Math.min(breaches, runs), views: runs } };
    }
    case 'baseline':
      return null;
  }
}

export const budgetEngine: BudgetEngine = {
  load(text: string, file: string): LoadedBudgets {
    try {
      const parsed = parseBudgetFile(text);
      const ignored = [...parsed.ignored];
      parsed.budgets.forEach((budget, b) =>
        budget.rules.forEach((rule, r) => {
          if (rule.trigger.kind === 'baseline') ignored.push({ field: `budgets[${b}].rules[${r}]`, reason: 'a regression rule; in CI, --baseline FILE is the comparison' });
        }),
      );
      return { formatName: BUDGET_FILE_FORMAT_NAMES[parsed.format], ignored, budgets: parsed.budgets };
    } catch (error) {
      if (error instanceof BudgetFileError) {
        const problem = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
        throw new CiInputError(error.field, problem, file);
      }
      throw error;
    }
  },

  check(runs: readonly SessionData[], loaded: LoadedBudgets): BudgetCheck[] {
    const budgets = loaded.budgets as Budget[];
    const groups = new Map<string, { rule: AlertRule; budget: Budget; pageKey: string; url: string; history: WindowEntry[] }>();
    for (const run of runs) {
      for (const data of viewsOfSession(run)) {
        const pageKey = pageKeyOf(data.view.url);
        for (const rule of rulesForUrl(budgets, data.view.url)) {
          if (rule.trigger.kind === 'baseline') continue;
          const key = `${rule.id}\u0000${pageKey}`;
          const budget = budgets.find((candidate) => candidate.rules.includes(rule))!;
          const group = groups.get(key) ?? { rule, budget, pageKey, url: data.view.url, history: [] };
          groups.set(key, group);
          const value = measureView(data, rule.metric);
          if (value !== null && Number.isFinite(value)) group.history.push({ viewId: data.view.id, t: data.view.startTime, url: data.view.url, value });
        }
      }
    }
    const checks: BudgetCheck[] = [];
    for (const { rule, budget, pageKey, url, history } of groups.values()) {
      const dimension = metricDimension(rule.metric);
      const limit = `${rule.comparison === '>' ? '≤' : rule.comparison === '>=' ? '<' : rule.comparison === '<' ? '≥' : '>'} ${formatQuantity(rule.threshold)}`;
      const name = `${metricShortName(rule.metric)} ${limit} on ${pageKey} (${rule.severity})`;
      const title = metricTitle(rule.metric);
      const ciRule = ruleForRuns(rule, Math.max(1, history.length));
      const judged = ciRule && history.length > 0 ? judge(ciRule, { history, measured: history.length, pageKey }) : null;
      if (!judged) {
        checks.push({ name, budget: budget.name, metric: title, value: 'n/a', limit, url, passed: true, message: `${title} was not measured on ${url} in any run; the budget ${limit} was not checked` });
        continue;
      }
      const shown = ciRule!.trigger.kind === 'p75' ? judged.value : (p75(history.map((entry) => entry.value)) ?? judged.value);
      const runsText = `${history.length} run${history.length === 1 ? '' : 's'}`;
      const detail = judged.detail.replace(/\bviews?\b/g, history.length === 1 ? 'run' : 'runs');
      const value = formatValue(shown, dimension);
      const threshold = formatValue(toBaseUnit(rule.threshold.value, rule.threshold.unit), dimension);
      checks.push({
        name,
        budget: budget.name,
        metric: title,
        value,
        limit,
        url,
        passed: !judged.breach,
        message: judged.breach
          ? `${title} ${value} (p75 of ${runsText}; ${detail} over ${threshold}) on ${url} breaks the budget ${limit} of "${budget.name}"`
          : `${title} ${value} (p75 of ${runsText}) on ${url} is within the budget ${limit} of "${budget.name}"`,
      });
    }
    return checks;
  },
};
