/**
 * The one CSV writer of the product (session tables, simulation results): RFC 4180 fields
 * and rows, and the formula guard. A spreadsheet runs a cell that starts with = + - @ (or a
 * tab or CR, or their full-width forms) as a formula — `=HYPERLINK(…)` from an imported HAR
 * would become a live link — so such text gets a leading apostrophe, shown as text.
 */

/** A value of one CSV cell; null and undefined are empty. */
export type CsvCell = string | number | boolean | null | undefined;

/** How numbers are written. */
export interface CsvOptions {
  /** Round numbers to at most this many decimals (default: as JavaScript writes them). */
  maxDecimals?: number;
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The default options, one object: a fresh `{}` per field was a tenth of a big export's garbage. */
const AS_WRITTEN: CsvOptions = {};

/** One field, formula-guarded and quoted when RFC 4180 requires it. */
export function csvField(value: CsvCell, options: CsvOptions = AS_WRITTEN): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (options.maxDecimals === undefined) return String(value);
    const scale = 10 ** options.maxDecimals;
    return String(Math.round(value * scale) / scale);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line end. */
export function csvRow(cells: readonly CsvCell[], options: CsvOptions = AS_WRITTEN): string {
  let row = '';
  for (let i = 0; i < cells.length; i++) row += i === 0 ? csvField(cells[i], options) : `,${csvField(cells[i], options)}`;
  return `${row}\r\n`;
}
