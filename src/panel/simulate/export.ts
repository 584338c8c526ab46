/**
 * Simulation results as files: JSON (everything: configurations and full results, for scripts and
 * for running again with `npm run simulate`) and CSV (one row per configuration and scope, units in
 * the headers, for a spreadsheet).
 */
import type { Comparison, EndpointResult, InstanceResult, SimulationConfig, SimulationResult } from '../../core/simulator/index';
import { saveBlob } from '../download';

export const SIMULATION_EXPORT_FORMAT = 'admin-performance-simulation';

/** What the view holds to export: the last single run and/or the last comparison. */
export interface SimulationExport {
  session: { id: string; name: string } | null;
  run: { config: SimulationConfig; result: SimulationResult; wallMs: number } | null;
  comparison: { base: SimulationConfig; variants: { name: string; config: SimulationConfig }[]; comparison: Comparison; wallMs: number } | null;
}

/** The JSON document: `{format, version, exportedAt, session, run?, comparison?}`. */
export function simulationJson(data: SimulationExport, exportedAt = new Date()): string {
  return JSON.stringify(
    {
      format: SIMULATION_EXPORT_FORMAT,
      version: 1,
      exportedAt: exportedAt.toISOString(),
      session: data.session,
      ...(data.run ? { run: data.run } : {}),
      ...(data.comparison ? { comparison: data.comparison } : {}),
    },
    null,
    2,
  );
}

/** CSV columns, units in the headers. */
export const CSV_COLUMNS = [
  'configuration',
  'scope',
  'name',
  'issued (requests)',
  'completed (requests)',
  'errors (requests)',
  'timeouts (requests)',
  'drops (requests)',
  'throughput (requests/s)',
  'mean (ms)',
  'p50 (ms)',
  'p90 (ms)',
  'p95 (ms)',
  'p99 (ms)',
  'max (ms)',
  'SLO attainment (%)',
  'SLO met',
  'utilization (%)',
  'mean queue length (requests)',
  'instance-hours (h)',
  'cost (per price unit)',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

function latencyCells(result: Pick<EndpointResult, 'requests' | 'latency' | 'throughputPerSec'>): Row {
  const { requests, latency } = result;
  return {
    'issued (requests)': requests.issued,
    'completed (requests)': requests.completed,
    'errors (requests)': requests.errors,
    'timeouts (requests)': requests.timeouts,
    'drops (requests)': requests.drops,
    'throughput (requests/s)': result.throughputPerSec,
    'mean (ms)': latency.meanMs,
    'p50 (ms)': latency.p50Ms,
    'p90 (ms)': latency.p90Ms,
    'p95 (ms)': latency.p95Ms,
    'p99 (ms)': latency.p99Ms,
    'max (ms)': latency.maxMs,
  };
}

function instanceRow(configuration: string, instance: InstanceResult): Row {
  return {
    configuration,
    scope: 'instance',
    name: instance.id,
    'completed (requests)': instance.served,
    'timeouts (requests)': instance.timeouts,
    'drops (requests)': instance.drops,
    'errors (requests)': instance.failedRequests + instance.refused,
    'utilization (%)': instance.utilization * 100,
    'mean queue length (requests)': instance.meanQueueLength,
    'instance-hours (h)': instance.instanceHours,
  };
}

/** The rows of one result: overall, then each endpoint, then each instance. */
export function resultRows(configuration: string, result: SimulationResult): Row[] {
  return [
    {
      configuration,
      scope: 'overall',
      name: 'all endpoints',
      ...latencyCells(result),
      'SLO attainment (%)': result.slo.attainment * 100,
      'SLO met': result.slo.met ? 'yes' : 'no',
      'instance-hours (h)': result.cost.instanceHours,
      'cost (per price unit)': result.cost.total,
    },
    ...result.endpoints.map((endpoint) => ({ configuration, scope: 'endpoint', name: endpoint.name, ...latencyCells(endpoint) })),
    ...result.instances.map((instance) => instanceRow(configuration, instance)),
  ];
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; numbers in plain notation. */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(Math.round(value * 1000) / 1000);
  }
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV document: the single run as configuration "run", each compared configuration by its name. */
export function simulationCsv(data: SimulationExport): string {
  const rows: Row[] = [];
  if (data.run) rows.push(...resultRows('run', data.run.result));
  if (data.comparison) {
    data.comparison.comparison.results.forEach((result, i) => rows.push(...resultRows(data.comparison!.comparison.rows[i]?.name ?? `configuration ${i + 1}`, result)));
  }
  const lines = [CSV_COLUMNS.map(csvField).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name with the session and the time, safe on every file system. */
export function exportFileName(data: SimulationExport, extension: 'json' | 'csv', at = new Date()): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const session = (data.session?.name ?? 'session').replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'session';
  return `simulation-${session}-${stamp}.${extension}`;
}

/** Saves text as a download (see saveBlob). */
export function download(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type }), fileName);
}
