/**
 * Every export format, one file each in this folder, listed once here (a test checks that
 * each file is registered). The panel builds its export menu from this list and the CLI its
 * --format choices.
 */
import { createSanitizer, resolveSanitizer, type Sanitizer } from '../sanitize';
import type { ExportOptions, SessionExportInput } from '../types';
import { CSV_TABLES, exportCsv } from './csv';
import { exportHar } from './har';
import { exportJson } from './json';
import { exportOtlpMetrics, exportOtlpTraces } from './otlp';
import { exportReport } from './report';
import { exportTrace } from './trace';

export type ExportFormatId = 'json' | 'csv' | 'har' | 'trace' | 'report' | 'otlp';

/** One output file of an export. */
export interface ExportFile {
  /** Appended to the file's stem: ".har", ".samples.csv". */
  suffix: string;
  mimeType: string;
  chunks: AsyncIterable<string>;
}

export interface ExportFormat {
  id: ExportFormatId;
  title: string;
  /** Extension of the (main) file, without the dot. */
  extension: string;
  mimeType: string;
  /** What it is for, in the user's words. */
  description: string;
  /** The files this format writes for a session (CSV writes one per table). */
  files(input: SessionExportInput, options?: ExportOptions): ExportFile[];
}

const single =
  (suffix: string, mimeType: string, write: (input: SessionExportInput, options?: ExportOptions) => AsyncIterable<string>) =>
  (input: SessionExportInput, options?: ExportOptions): ExportFile[] => [{ suffix, mimeType, chunks: write(input, options) }];

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    id: 'json',
    title: 'Session (JSON)',
    extension: 'json',
    mimeType: 'application/json',
    description: 'Everything, lossless; import it back here or compare it with another session.',
    files: single('.json', 'application/json', exportJson),
  },
  {
    id: 'csv',
    title: 'Spreadsheet (CSV)',
    extension: 'csv',
    mimeType: 'text/csv',
    description: 'One CSV file per table: views, samples, requests, alerts, automatic actions.',
    files(input, options = {}) {
      // One sanitizer for the four tables, so its counts cover them all.
      const tables = exportCsv(input, { ...options, sanitizer: resolveSanitizer(options) });
      return CSV_TABLES.map((table) => ({ suffix: `.${table}.csv`, mimeType: 'text/csv', chunks: tables[table] }));
    },
  },
  {
    id: 'har',
    title: 'HAR 1.2',
    extension: 'har',
    mimeType: 'application/json',
    description: "The requests, for the Network panel, Charles, Fiddler or any HAR viewer.",
    files: single('.har', 'application/json', exportHar),
  },
  {
    id: 'trace',
    title: 'Chrome trace',
    extension: 'json',
    mimeType: 'application/json',
    description: "Views, vitals, long frames, requests and heap as tracks in DevTools' Performance panel or Perfetto.",
    files: single('.trace.json', 'application/json', exportTrace),
  },
  {
    id: 'report',
    title: 'HTML report',
    extension: 'html',
    mimeType: 'text/html',
    description: 'A self-contained page with charts and tables; print it to PDF.',
    files: single('.report.html', 'text/html', exportReport),
  },
  {
    id: 'otlp',
    title: 'OpenTelemetry (OTLP/JSON)',
    extension: 'otlp',
    mimeType: 'application/json',
    description: 'Views and requests as spans, vitals as metrics: the bodies of OTLP/HTTP requests to a Collector.',
    files(input, options = {}) {
      // One sanitizer for both files, so its counts cover them both.
      const shared = { ...options, sanitizer: resolveSanitizer(options) };
      return [
        { suffix: '.otlp-traces.json', mimeType: 'application/json', chunks: exportOtlpTraces(input, shared) },
        { suffix: '.otlp-metrics.json', mimeType: 'application/json', chunks: exportOtlpMetrics(input, shared) },
      ];
    },
  },
];

export function findExportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}

/**
 * Starts an export: the files to write, and the sanitizer whose `removed` counts are final
 * once every file's chunks have been consumed.
 */
export function startExport(
  id: ExportFormatId,
  input: SessionExportInput,
  options: { sanitize?: boolean; now?: number } = {},
): { format: ExportFormat; files: ExportFile[]; sanitizer: Sanitizer } {
  const format = findExportFormat(id);
  if (!format) throw new Error(`Unknown export format "${id}"`);
  const sanitizer = options.sanitize === false ? resolveSanitizer({ sanitize: false }) : createSanitizer();
  return { format, files: format.files(input, { ...options, sanitizer }), sanitizer };
}
