/**
 * Recognizes what a JSON input file holds: a full simulation configuration, a workload, or an
 * exported session (SessionData as exported, or wrapped as {format:'admin-performance-session', version, data}).
 */
import type { RequestRecord, SessionData } from '../model.ts';
import type { SimulationConfig } from './config.ts';
import { SimulationConfigError } from './errors.ts';
import type { Workload } from './workload.ts';

/** The wrapper format of an exported session. */
export const SESSION_EXPORT_FORMAT = 'admin-performance-session';

export type SimulatorInput =
  | { kind: 'config'; config: SimulationConfig }
  | { kind: 'workload'; workload: Workload }
  | { kind: 'session'; data: SessionData };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Classifies parsed JSON; throws SimulationConfigError when it is none of the known shapes. */
export function classifyInput(json: unknown): SimulatorInput {
  if (!isObject(json)) throw new SimulationConfigError('input', 'input must be a JSON object (a workload, a simulation config or an exported session)');
  if (json.format === SESSION_EXPORT_FORMAT) {
    if (!isObject(json.data)) throw new SimulationConfigError('data', `data must be the session's SessionData object (format ${SESSION_EXPORT_FORMAT})`);
    return { kind: 'session', data: sessionDataFrom(json.data, 'data') };
  }
  if (isObject(json.session) && Array.isArray(json.requests)) return { kind: 'session', data: sessionDataFrom(json, '') };
  if ('workload' in json || 'pool' in json) return { kind: 'config', config: json as unknown as SimulationConfig };
  if ('endpoints' in json || 'model' in json) return { kind: 'workload', workload: json as unknown as Workload };
  throw new SimulationConfigError(
    'input',
    'input is not a workload ({endpoints, model}), a simulation config ({workload, pool, ...}) or an exported session ({session, views, samples, requests, alerts})',
  );
}

/** Checks the fields a workload reads from each request (filling cached, phases.waiting and serverTiming with neutral defaults when absent); other fields pass through. */
function sessionDataFrom(value: Record<string, unknown>, path: string): SessionData {
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  const session = value.session;
  if (!isObject(session) || typeof session.id !== 'string') throw new SimulationConfigError(at('session.id'), `${at('session.id')} must be a string`);
  const requests = value.requests;
  if (!Array.isArray(requests)) throw new SimulationConfigError(at('requests'), `${at('requests')} must be an array`);
  requests.forEach((request, i) => checkRequest(request, `${at('requests')}[${i}]`));
  return {
    session: session as unknown as SessionData['session'],
    views: Array.isArray(value.views) ? (value.views as SessionData['views']) : [],
    samples: Array.isArray(value.samples) ? (value.samples as SessionData['samples']) : [],
    requests: requests as RequestRecord[],
    alerts: Array.isArray(value.alerts) ? (value.alerts as SessionData['alerts']) : [],
  };
}

function checkRequest(request: unknown, path: string): void {
  if (!isObject(request)) throw new SimulationConfigError(path, `${path} must be an object`);
  const expect = (key: string, type: 'string' | 'number' | 'boolean'): void => {
    if (typeof request[key] !== type) throw new SimulationConfigError(`${path}.${key}`, `${path}.${key} must be a ${type} (got ${JSON.stringify(request[key]) ?? 'nothing'})`);
  };
  expect('url', 'string');
  expect('initiatorType', 'string');
  expect('viewId', 'string');
  expect('t', 'number');
  expect('duration', 'number');
  if (request.cached === undefined) request.cached = false;
  expect('cached', 'boolean');
  if (!isObject(request.phases)) throw new SimulationConfigError(`${path}.phases`, `${path}.phases must be an object`);
  if (typeof request.phases.waiting !== 'number') request.phases.waiting = 0;
  if (!Array.isArray(request.serverTiming)) request.serverTiming = [];
}
