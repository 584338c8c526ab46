/**
 * The result of a CI run, written as the JSON summary (--json) and as JUnit XML (--junit), and
 * the exit code: 0 when every budget and regression check holds, 1 when one fails.
 */
import type { MetricAggregate } from './aggregate';
import type { BudgetCheck } from './budgets';
import type { RegressionCheck } from './compare';
import { findCiMetric, formatValue } from './metrics';

export const CI_REPORT_FORMAT = 'admin-performance-ci';
export const CI_REPORT_VERSION = 1;

/** A metric aggregate with its name and formatted figures. */
export interface ReportedMetric extends MetricAggregate {
  title: string;
  medianText: string;
  p75Text: string;
}

/** Everything a CI run found. */
export interface CiReport {
  format: typeof CI_REPORT_FORMAT;
  version: typeof CI_REPORT_VERSION;
  /** The URL loaded, or the flow file run on it. */
  url: string;
  flow: string | null;
  runs: number;
  startedAt: string;
  finishedAt: string;
  metrics: ReportedMetric[];
  budgets: BudgetCheck[];
  budgetFile: { path: string; format: string; ignored: { field: string; reason: string }[] } | null;
  regressions: RegressionCheck[];
  baselineFile: string | null;
  /** Session files written (importable into the panel). */
  sessions: string[];
  /** One line per failed check. */
  failures: string[];
  passed: boolean;
}

/** Inputs of {@link buildReport}. */
export interface ReportInput {
  url: string;
  flow: string | null;
  startedAt: number;
  finishedAt: number;
  aggregates: readonly MetricAggregate[];
  budgets: readonly BudgetCheck[];
  budgetFile: CiReport['budgetFile'];
  regressions: readonly RegressionCheck[];
  baselineFile: string | null;
  sessions: readonly string[];
  runs: number;
}

export function buildReport(input: ReportInput): CiReport {
  const failures = [
    ...input.budgets.filter((check) => !check.passed).map((check) => `budget: ${check.message}`),
    ...input.regressions.filter((check) => check.verdict === 'worse').map((check) => `regression: ${describeRegression(check, input.url)}`),
  ];
  return {
    format: CI_REPORT_FORMAT,
    version: CI_REPORT_VERSION,
    url: input.url,
    flow: input.flow,
    runs: input.runs,
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(input.finishedAt).toISOString(),
    metrics: input.aggregates.map((aggregate) => ({
      ...aggregate,
      title: findCiMetric(aggregate.metric)?.title ?? aggregate.metric,
      medianText: formatValue(aggregate.median, aggregate.unit),
      p75Text: formatValue(aggregate.p75, aggregate.unit),
    })),
    budgets: [...input.budgets],
    budgetFile: input.budgetFile,
    regressions: [...input.regressions],
    baselineFile: input.baselineFile,
    sessions: [...input.sessions],
    failures,
    passed: failures.length === 0,
  };
}

/** 0 when every check holds, 1 when one failed. */
export function exitCodeOf(report: CiReport): 0 | 1 {
  return report.passed ? 0 : 1;
}

/** "Largest Contentful Paint (LCP) is worse on URL: median 512 ms against 301 ms in the baseline (+70 %, p = 0.008)". */
export function describeRegression(check: RegressionCheck, url: string): string {
  const percent = check.changePercent === null ? '' : `${check.changePercent >= 0 ? '+' : ''}${check.changePercent.toFixed(1)} %, `;
  const p = check.pValue === null ? '' : `p = ${formatP(check.pValue)}`;
  if (check.verdict === 'not compared') return `${check.title} (${check.metric}) not compared on ${url}: ${check.reason ?? ''}`;
  return (
    `${check.title} (${check.metric}) ${check.verdict === 'no change' ? 'shows no significant change' : `is ${check.verdict}`} on ${url}: ` +
    `median ${formatValue(check.currentMedian, check.unit)} against ${formatValue(check.baselineMedian, check.unit)} in the baseline (${percent}${p}; ` +
    `${check.currentRuns} runs against ${check.baselineRuns})`
  );
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** The JSON summary file. */
export function reportJson(report: CiReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
