/** Errors of budget files: each names the field that is wrong, in a JSON-path-like form. */

export class BudgetFileError extends Error {
  /** Where in the file: `budgets[2].rules[0].threshold.unit`, `[1].resourceSizes[0].budget`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(field ? `${field}: ${problem}` : problem);
    this.name = 'BudgetFileError';
    this.field = field;
  }
}

/** A key of a file that cannot be evaluated here: listed, never silently dropped. */
export interface IgnoredEntry {
  field: string;
  reason: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number ≥ 0 at field, or a BudgetFileError. */
export function nonNegativeNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new BudgetFileError(field, `must be a number ≥ 0, got ${describe(value)}`);
  return value;
}

/** A whole number ≥ min at field, or a BudgetFileError. */
export function wholeNumber(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new BudgetFileError(field, `must be a whole number ≥ ${min}, got ${describe(value)}`);
  return value;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** JSON.parse with an error that says so. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BudgetFileError('', `the file is not valid JSON (${error instanceof Error ? error.message : String(error)}); budget files are JSON`);
  }
}
