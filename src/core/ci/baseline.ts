/**
 * The baseline file: the per-run values of every metric from an earlier CI run, so a later run
 * can test whether it got slower (versioned JSON; written by --save-baseline):
 *
 *   {"format":"admin-performance-baseline","version":1,"createdAt":"2026-12-01T08:00:00.000Z",
 *    "url":"http://127.0.0.1:5178/","runs":5,
 *    "metrics":{"LCP":{"unit":"ms","values":[412.5,398.1,...]}, ...}}
 */
import { CI_METRICS, findCiMetric, type CiMetricId, type CiUnit } from './metrics';
import type { MetricAggregate } from './aggregate';
import { CiInputError } from './errors';

export const BASELINE_FORMAT = 'admin-performance-baseline';
export const BASELINE_VERSION = 1;

/** A baseline file's content. */
export interface BaselineFile {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  createdAt: string;
  /** The URL (or flow) measured. */
  url: string;
  runs: number;
  metrics: Partial<Record<CiMetricId, { unit: CiUnit; values: number[] }>>;
}

export function createBaseline(url: string, runs: number, aggregates: readonly MetricAggregate[], now: number): BaselineFile {
  const metrics: BaselineFile['metrics'] = {};
  for (const aggregate of aggregates) if (aggregate.n > 0) metrics[aggregate.metric] = { unit: aggregate.unit, values: aggregate.values };
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, createdAt: new Date(now).toISOString(), url, runs, metrics };
}

/** Reads a baseline file; a CiInputError names the field that is wrong. */
export function parseBaseline(text: string, file?: string): BaselineFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CiInputError('', `not JSON (${error instanceof Error ? error.message : String(error)})`, file);
  }
  const fail = (field: string, message: string): never => {
    throw new CiInputError(field, message, file);
  };
  if (!isObject(value)) return fail('', 'expected a JSON object');
  if (value.format !== BASELINE_FORMAT) fail('format', `expected "${BASELINE_FORMAT}", got ${JSON.stringify(value.format)}`);
  if (value.version !== BASELINE_VERSION) fail('version', `expected ${BASELINE_VERSION}, got ${JSON.stringify(value.version)} (this version reads version ${BASELINE_VERSION})`);
  if (typeof value.createdAt !== 'string' || !Number.isFinite(Date.parse(value.createdAt))) fail('createdAt', 'expected an ISO 8601 date-time');
  if (typeof value.url !== 'string') fail('url', 'expected a string');
  if (!Number.isInteger(value.runs) || (value.runs as number) < 1) fail('runs', 'expected a whole number ≥ 1');
  if (!isObject(value.metrics)) return fail('metrics', 'expected an object of metrics');
  const metrics: BaselineFile['metrics'] = {};
  for (const [id, entry] of Object.entries(value.metrics)) {
    const metric = findCiMetric(id);
    if (!metric) fail(`metrics.${id}`, `unknown metric (expected one of ${CI_METRICS.map((m) => m.id).join(', ')})`);
    if (!isObject(entry)) return fail(`metrics.${id}`, 'expected {"unit": ..., "values": [...]}');
    if (entry.unit !== metric!.unit) fail(`metrics.${id}.unit`, `expected "${metric!.unit}", got ${JSON.stringify(entry.unit)}`);
    if (!Array.isArray(entry.values)) return fail(`metrics.${id}.values`, 'expected an array of numbers');
    entry.values.forEach((item, index) => {
      if (typeof item !== 'number' || !Number.isFinite(item) || item < 0) fail(`metrics.${id}.values[${index}]`, `expected a number ≥ 0, got ${JSON.stringify(item)}`);
    });
    metrics[metric!.id] = { unit: metric!.unit, values: entry.values as number[] };
  }
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, createdAt: value.createdAt as string, url: value.url as string, runs: value.runs as number, metrics };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
