/**
 * What the CI runner needs from the budgets rule engine (src/core/alerts, issue 9): read a
 * budget file, and judge the recorded runs against it. The runner is written against this
 * interface only; the adapter in budget-engine.ts binds it to the alerts engine, so there is
 * one rule engine for the panel and for CI.
 */
import type { SessionData } from '../model';

/** One budget rule judged over the runs, for a page. */
export interface BudgetCheck {
  /** Stable name of the check: budget, metric and page. */
  name: string;
  /** The budget it belongs to. */
  budget: string;
  /** The metric, as people read it: "Largest Contentful Paint". */
  metric: string;
  /** The measured value with its unit ("2,912 ms"), or "n/a". */
  value: string;
  /** The limit with its comparison ("≤ 2,500 ms"). */
  limit: string;
  /** The page (or pages) it was measured on. */
  url: string;
  passed: boolean;
  /** One sentence: what was measured against what. */
  message: string;
}

/** A read budget file, opaque to the runner. */
export interface LoadedBudgets {
  /** Name of the format that was recognized ("Lighthouse budget.json"). */
  formatName: string;
  /** Entries of the file that cannot be evaluated, with why (reported, never silently dropped). */
  ignored: { field: string; reason: string }[];
  /** The engine's own budgets. */
  budgets: unknown;
}

/** The interface the CI runner uses. */
export interface BudgetEngine {
  /** Reads a budget file; throws CiInputError naming the bad field. */
  load(text: string, file: string): LoadedBudgets;
  /** Judges every run (one recorded session each) against the budgets. */
  check(runs: readonly SessionData[], budgets: LoadedBudgets): BudgetCheck[];
}
