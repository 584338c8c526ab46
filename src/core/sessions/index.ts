/** Sessions: export, import, sanitize and compare. The panel and the CLI import from here. */
export type { ExportOptions, SessionExportInput, Source } from './types';
export { CREATOR, exportInputFrom } from './types';
export { EXPORT_FORMATS, findExportFormat, startExport, type ExportFile, type ExportFormat, type ExportFormatId } from './export/registry';
export { exportJson, SESSION_EXPORT_FORMAT, SESSION_EXPORT_VERSION } from './export/json';
export { exportCsv, csvRecordTable, CSV_TABLES, type CsvTables, type CsvTableName, type CsvRecordTable } from './export/csv';
export { exportHar } from './export/har';
export { exportTrace, traceParts, traceRequests, type TraceParts } from './export/trace';
export { exportReport } from './export/report';
export { exportOtlpMetrics, exportOtlpTraces, type OtlpExportOptions } from './export/otlp';
export {
  createSanitizer,
  describeRemoved,
  emptyRemovedCounts,
  sanitizeSessionData,
  REDACTED,
  type RemovedCounts,
  type Sanitizer,
} from './sanitize';
export {
  importSession,
  importSessionWithFormat,
  ImportError,
  DEFAULT_MAX_IMPORT_BYTES,
  assertWithinLimit,
  type ImportOptions,
  type ImportSource,
  type ImportedFormat,
} from './import/index';
export { importSessionStream, type ImportChunks, type ImportRecords, type ImportSink, type StreamedImport, type StreamingImportOptions } from './import/session-stream';
export { JsonStreamError, JsonStreamParser, formatJsonPath, type JsonPosition, type JsonPath } from './import/json-stream';
export { sessionWithEnd } from './import/identity';
export { compareSessions, routeKey, DEFAULT_COMPARE_THRESHOLDS, type CompareOptions, type SessionComparison, type Difference } from './compare';
export { routeTemplate } from './routes';
export { summarizeSession, type SessionSummary, type VitalSummary } from './summary';
export { streamToString } from './stream';
