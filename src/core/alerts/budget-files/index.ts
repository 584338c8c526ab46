/**
 * Budget files in, budgets out: ours (versioned JSON), Lighthouse budget.json, the assert part of
 * a lighthouserc.json, and sitespeed.io budget files. Pure and file-agnostic: a string in, a
 * result or a BudgetFileError naming the field out, so the panel and the command line share it.
 */
import type { Budget } from '../rules';
import { BudgetFileError, parseJson, type IgnoredEntry } from './errors';
import { isLighthouseBudget, parseLighthouseBudget } from './lighthouse-budget';
import { isLighthouseRc, parseLighthouseRc } from './lighthouserc';
import { isOurBudgetFile, parseOurBudgetFile } from './ours';
import { isSitespeedBudget, parseSitespeedBudget } from './sitespeed';

export { BudgetFileError, type IgnoredEntry } from './errors';
export { BUDGET_FILE_FORMAT, BUDGET_FILE_VERSION, exportBudgetFile, parseOurBudgetFile, validateBudget, validateRule, type BudgetFile } from './ours';

/** A budget file's format. */
export type BudgetFileFormat = 'admin-performance' | 'lighthouse-budget' | 'lighthouserc' | 'sitespeed';

/** Names of the formats, for messages. */
export const BUDGET_FILE_FORMAT_NAMES: Readonly<Record<BudgetFileFormat, string>> = {
  'admin-performance': 'Admin Performance budgets',
  'lighthouse-budget': 'Lighthouse budget.json',
  lighthouserc: 'Lighthouse CI assertions (lighthouserc.json)',
  sitespeed: 'sitespeed.io budget',
};

/** What a budget file held. */
export interface ParsedBudgetFile {
  format: BudgetFileFormat;
  budgets: Budget[];
  /** Keys of the file that cannot be evaluated here, with the reason. */
  ignored: IgnoredEntry[];
}

/** Options of {@link parseBudgetFile}. */
export interface ParseBudgetOptions {
  /** Prefix of the ids of budgets made from other tools' files (default: the format), so two imports do not collide. */
  idPrefix?: string;
}

/** Reads any supported budget file, recognizing its format from its shape. */
export function parseBudgetFile(text: string, options: ParseBudgetOptions = {}): ParsedBudgetFile {
  const value = parseJson(text);
  if (isOurBudgetFile(value)) return { format: 'admin-performance', budgets: parseOurBudgetFile(value), ignored: [] };
  const format = detect(value);
  const prefix = options.idPrefix ?? format;
  const parsed = format === 'lighthouse-budget' ? parseLighthouseBudget(value, prefix) : format === 'lighthouserc' ? parseLighthouseRc(value, prefix) : parseSitespeedBudget(value, prefix);
  if (parsed.budgets.every((budget) => budget.rules.length === 0)) {
    const why = parsed.ignored.length > 0 ? `; ignored: ${parsed.ignored.map((entry) => `${entry.field} (${entry.reason})`).join('; ')}` : '';
    throw new BudgetFileError('', `the ${BUDGET_FILE_FORMAT_NAMES[format]} file has no budget this extension can evaluate${why}`);
  }
  return { format, ...parsed };
}

function detect(value: unknown): Exclude<BudgetFileFormat, 'admin-performance'> {
  if (isLighthouseBudget(value)) return 'lighthouse-budget';
  if (isSitespeedBudget(value)) return 'sitespeed';
  if (isLighthouseRc(value)) return 'lighthouserc';
  if (typeof value === 'object' && value !== null && 'format' in value) throw new BudgetFileError('format', `unknown budget file format ${JSON.stringify((value as { format: unknown }).format)}`);
  throw new BudgetFileError(
    '',
    'not a budget file this extension reads: expected our export ({"format": "admin-performance-budgets", ...}), a Lighthouse budget.json ([{"path": ..., "timings": ...}]), a lighthouserc.json ({"ci": {"assert": ...}}) or a sitespeed.io budget ({"budget": {...}})',
  );
}
