/**
 * CSV for spreadsheets: one table per kind of record, RFC 4180 (CRLF line ends, fields with a
 * comma, quote, CR or LF quoted, quotes doubled), units in the headers, through the product's
 * one CSV writer (../../csv/writer.ts, with its formula guard as OWASP advises:
 * https://owasp.org/www-community/attacks/CSV_Injection).
 */
import type { AlertRecord, AutomaticActionRecord, MetricSample, RequestRecord, ServerTimingEntry, View } from '../../model';
import { MEASUREMENT_SOURCES, supportOf, unmeasured } from '../../metrics/browser-support';
import { routeTemplate } from '../routes';
import { resolveSanitizer, sanitizedSource, sanitizeExportInput } from '../sanitize';
import { ChunkBuffer, writeEach } from '../stream';
import type { ExportOptions, SessionExportInput, Source } from '../types';
import { csvRow, type CsvCell as Cell } from '../../csv/writer';

/** A column: its header (snake_case, with unit) and how to read it from a record. */
type Column<T> = readonly [header: string, read: (record: T) => Cell];

/** The CSV tables of one session, each its own stream (one file each). */
export interface CsvTables {
  views: AsyncGenerator<string>;
  samples: AsyncGenerator<string>;
  requests: AsyncGenerator<string>;
  alerts: AsyncGenerator<string>;
  actions: AsyncGenerator<string>;
}

export type CsvTableName = keyof CsvTables;
export const CSV_TABLES: readonly CsvTableName[] = ['views', 'samples', 'requests', 'alerts', 'actions'];

export function exportCsv(raw: SessionExportInput, options: ExportOptions = {}): CsvTables {
  const { input } = sanitizeExportInput(raw, options);
  return {
    views: csvTable(viewColumns(input), input.views),
    // Sanitized already (sanitizeExportInput).
    samples: csvRecordTable('samples', input.samples, { sanitize: false }),
    requests: csvRecordTable('requests', input.requests, { sanitize: false }),
    alerts: csvTable(ALERT_COLUMNS, input.alerts),
    actions: csvTable(ACTION_COLUMNS, input.actions ?? []),
  };
}

/** The tables that grow with a session: each can be written apart from the rest (a worker). */
export type CsvRecordTable = 'samples' | 'requests';

/**
 * One of the big tables from its records alone, the same text as exportCsv's: sanitized here
 * with `options`' sanitizer (one of its own per writer; add its counts to the others').
 */
export function csvRecordTable(table: 'samples', records: Source<MetricSample>, options?: ExportOptions): AsyncGenerator<string>;
export function csvRecordTable(table: 'requests', records: Source<RequestRecord>, options?: ExportOptions): AsyncGenerator<string>;
export function csvRecordTable(table: CsvRecordTable, records: Source<MetricSample> | Source<RequestRecord>, options: ExportOptions = {}): AsyncGenerator<string> {
  const clean = resolveSanitizer(options);
  if (table === 'samples') {
    const samples = records as Source<MetricSample>;
    return csvTable(SAMPLE_COLUMNS, clean.active ? sanitizedSource(samples, clean.sample) : samples);
  }
  const requests = records as Source<RequestRecord>;
  return csvTable(REQUEST_COLUMNS, clean.active ? sanitizedSource(requests, clean.request) : requests);
}

async function* csvTable<T>(columns: readonly Column<T>[], records: Source<T>): AsyncGenerator<string> {
  const out = new ChunkBuffer();
  out.write(csvRow(columns.map(([header]) => header)));
  const cells: Cell[] = new Array(columns.length);
  yield* writeEach(out, records, (record) => {
    // One array for every row: a new one per record was garbage at 100,000 rows.
    for (let i = 0; i < columns.length; i++) cells[i] = columns[i]![1](record);
    out.write(csvRow(cells));
  });
  const rest = out.take();
  if (rest) yield rest;
}


const VIEW_COLUMNS: readonly Column<View>[] = [
  ['view_id', (view) => view.id],
  ['session_id', (view) => view.sessionId],
  ['start_epoch_ms', (view) => view.startTime],
  ['kind', (view) => view.kind],
  ['navigation_type', (view) => view.navigationType],
  ['url', (view) => view.url],
  ['strategies', (view) => view.strategies.join(' ')],
];

/** The view columns, with what the capturing browser did not measure (its own, else the session's). */
function viewColumns(input: SessionExportInput): readonly Column<View>[] {
  const fallback = supportOf(input.session, input.views);
  const notMeasured = (view: View) => unmeasured(view.support ?? fallback).map((m) => MEASUREMENT_SOURCES[m].label).join('; ');
  return [...VIEW_COLUMNS, ['not_measured_in_this_browser', notMeasured]];
}

const vital = <T>(read: (sample: Extract<MetricSample, { kind: 'vital' }>) => T) => (sample: MetricSample) =>
  sample.kind === 'vital' ? read(sample) : null;
const frame = <T>(read: (sample: Extract<MetricSample, { kind: 'loaf' }>) => T) => (sample: MetricSample) =>
  sample.kind === 'loaf' ? read(sample) : null;
const memory = <T>(read: (sample: Extract<MetricSample, { kind: 'memory' }>) => T) => (sample: MetricSample) =>
  sample.kind === 'memory' ? read(sample) : null;

/** Vitals, long frames and memory in one flat table: a row per sample, the other kinds' columns empty. */
const SAMPLE_COLUMNS: readonly Column<MetricSample>[] = [
  ['kind', (sample) => sample.kind],
  ['t_epoch_ms', (sample) => sample.t],
  ['view_id', (sample) => sample.viewId],
  ['vital_name', vital((s) => s.name)],
  ['vital_value', vital((s) => s.value)],
  ['vital_unit', vital((s) => (s.name === 'CLS' ? 'score' : 'ms'))],
  ['vital_delta', vital((s) => s.delta)],
  ['vital_rating', vital((s) => s.rating)],
  ['vital_metric_id', vital((s) => s.metricId)],
  ['vital_navigation_type', vital((s) => s.navigationType)],
  ['vital_attribution_json', vital((s) => JSON.stringify(s.attribution))],
  ['frame_source', frame((s) => s.source)],
  ['frame_duration_ms', frame((s) => s.duration)],
  ['frame_blocking_duration_ms', frame((s) => s.blockingDuration)],
  ['frame_render_start_ms', frame((s) => s.renderStart)],
  ['frame_style_and_layout_start_ms', frame((s) => s.styleAndLayoutStart)],
  ['frame_script_count', frame((s) => s.scripts.length)],
  ['frame_scripts_json', frame((s) => JSON.stringify(s.scripts))],
  ['heap_used_bytes', memory((s) => s.heapUsed)],
  ['heap_total_bytes', memory((s) => s.heapTotal)],
  ['dom_nodes', memory((s) => s.domNodes)],
];

const REQUEST_COLUMNS: readonly Column<RequestRecord>[] = [
  ['t_epoch_ms', (r) => r.t],
  ['view_id', (r) => r.viewId],
  ['method', (r) => r.method],
  ['url', (r) => r.url],
  ['route', (r) => routeTemplate(r.url)],
  ['initiator_type', (r) => r.initiatorType],
  ['status', (r) => r.status],
  ['duration_ms', (r) => r.duration],
  ['redirect_ms', (r) => r.phases.redirect],
  ['dns_ms', (r) => r.phases.dns],
  ['connect_ms', (r) => r.phases.connect],
  ['tls_ms', (r) => r.phases.tls],
  ['waiting_ms', (r) => r.phases.waiting],
  ['download_ms', (r) => r.phases.download],
  ['transfer_size_bytes', (r) => r.transferSize],
  ['encoded_body_size_bytes', (r) => r.encodedBodySize],
  ['decoded_body_size_bytes', (r) => r.decodedBodySize],
  ['cached', (r) => r.cached],
  ['protocol', (r) => r.protocol],
  ['render_blocking', (r) => r.renderBlocking],
  ['mime_type', (r) => r.mimeType],
  ['server_timing', (r) => formatServerTiming(r.serverTiming)],
];

const ALERT_COLUMNS: readonly Column<AlertRecord>[] = [
  ['alert_id', (a) => a.id],
  ['t_epoch_ms', (a) => a.t],
  ['view_id', (a) => a.viewId],
  ['rule_id', (a) => a.ruleId],
  ['metric', (a) => a.metric],
  ['value', (a) => a.value],
  ['threshold', (a) => a.threshold],
  ['severity', (a) => a.severity],
  ['message', (a) => a.message],
  ['unit', (a) => a.unit],
  ['url', (a) => a.url],
  ['cleared_epoch_ms', (a) => a.clearedAt],
  ['acknowledged_epoch_ms', (a) => a.acknowledgedAt],
];

const ACTION_COLUMNS: readonly Column<AutomaticActionRecord>[] = [
  ['action_id', (a) => a.id],
  ['t_epoch_ms', (a) => a.t],
  ['alert_id', (a) => a.alertId],
  ['rule_id', (a) => a.ruleId],
  ['strategy_id', (a) => a.strategyId],
  ['pattern', (a) => a.pattern],
  ['status', (a) => a.status],
  ['decided_epoch_ms', (a) => a.decidedAt],
  ['reason', (a) => a.reason],
  ['evidence', (a) => a.evidence?.summary],
  ['loads_before', (a) => a.evidence?.loadsBefore],
  ['loads_after', (a) => a.evidence?.loadsAfter],
];

/** The Server-Timing header syntax: `db;dur=53;desc="Query", app;dur=47.2`. */
function formatServerTiming(entries: readonly ServerTimingEntry[]): string {
  return entries
    .map((entry) => {
      const desc = entry.description ? `;desc=${JSON.stringify(entry.description)}` : '';
      return `${entry.name};dur=${entry.duration}${desc}`;
    })
    .join(', ');
}
