/**
 * Simulation results as files: the JSON document (everything, re-runnable), the CSV table (one
 * row per configuration and scope, units in the headers, RFC 4180 quoting) and the file names.
 */
import { describe, expect, it } from 'vitest';
import {
  compareConfigurations,
  runSimulation,
  type EndpointResult,
  type InstanceResult,
  type SimulationConfig,
  type SimulationResult,
} from '../../../../src/core/simulator/index';
import { CSV_COLUMNS, exportFileName, resultRows, SIMULATION_EXPORT_FORMAT, simulationCsv, simulationJson, type SimulationExport } from '../../../../src/panel/simulate/export';
import { parseCsv } from '../../sessions/helpers';

const outcomes = (issued: number, completed: number, extra: Partial<SimulationResult['requests']> = {}): SimulationResult['requests'] => ({
  issued,
  completed,
  errors: 0,
  failed: 0,
  refused: 0,
  noInstance: 0,
  timeouts: 0,
  drops: 0,
  inFlightAtEnd: 0,
  ...extra,
});

const latency = (meanMs: number): SimulationResult['latency'] => ({
  count: 10,
  meanMs,
  minMs: meanMs / 2,
  p50Ms: meanMs,
  p90Ms: meanMs * 2,
  p95Ms: meanMs * 3,
  p99Ms: meanMs * 4,
  maxMs: meanMs * 5,
});

function endpoint(name: string, meanMs: number): EndpointResult {
  return { name, requests: outcomes(50, 49, { errors: 1, failed: 1 }), latency: latency(meanMs), throughputPerSec: 0.8 };
}

function instance(id: string, patch: Partial<InstanceResult> = {}): InstanceResult {
  return {
    id,
    workers: 4,
    speedFactor: 1,
    createdAtMs: 0,
    readyAtMs: 0,
    stoppedAtMs: null,
    utilization: 0.4567,
    meanQueueLength: 0.25,
    downtimeMs: 0,
    served: 40,
    failedRequests: 2,
    refused: 3,
    timeouts: 1,
    drops: 0,
    instanceHours: 1 / 6,
    ...patch,
  };
}

/** A complete result with hand-picked figures, so every cell can be checked exactly. */
function result(patch: Partial<SimulationResult> = {}): SimulationResult {
  return {
    seed: 1,
    simulatedMs: 600_000,
    measuredMs: 600_000,
    events: 1000,
    requests: outcomes(100, 95, { errors: 3, failed: 3, timeouts: 1, drops: 1 }),
    throughputPerSec: 1.5833333333,
    latency: latency(12.34567),
    wait: { meanMs: 1, probability: 0.1 },
    endpoints: [endpoint('GET /api/users', 10), endpoint('POST /api/users/:id', 30)],
    instances: [instance('i-1'), instance('i-2', { utilization: 1, served: 55, failedRequests: 0, refused: 0 })],
    series: {
      bucketMs: 1000,
      t: [],
      replicas: [],
      readyReplicas: [],
      arrivalsPerSec: [],
      throughputPerSec: [],
      errorsPerSec: [],
      timeoutsPerSec: [],
      dropsPerSec: [],
      meanLatencyMs: [],
      sloAttainment: [],
      instances: [],
    },
    scaling: { events: [], peakReplicas: 2, finalReplicas: 2 },
    cost: { instanceHours: 1 / 3, pricePerInstanceHour: 0.1, total: 1 / 30 },
    slo: { latencyMs: 300, percentile: 95, attainment: 0.97, met: true, latencyAtPercentileMs: 37 },
    offeredUtilization: null,
    percentileMethod: 'exact',
    perf: { wallMs: 12, eventsPerSecond: 80_000 },
    ...patch,
  };
}

const config: SimulationConfig = {
  seed: 1,
  durationMs: 60_000,
  workload: {
    name: 'hand',
    endpoints: [
      { name: 'GET /api/users', weight: 2, service: { type: 'exponential', meanMs: 15 } },
      { name: 'GET /api/report, "monthly"', weight: 1, service: { type: 'constant', valueMs: 40 } },
    ],
    model: { kind: 'closed', users: 10, thinkTime: { type: 'exponential', meanMs: 1000 } },
  },
  pool: { instances: 2, workersPerInstance: 2 },
  balancer: 'round-robin',
  cost: { pricePerInstanceHour: 0.25 },
};

const runOnly = (r: SimulationResult, session: SimulationExport['session'] = { id: 's1', name: 'Admin' }): SimulationExport => ({
  session,
  run: { config, result: r, wallMs: 40 },
  comparison: null,
});

/** The CSV as objects keyed by header, after checking it parses as RFC 4180 with CRLF line ends. */
function table(csv: string): Record<string, string>[] {
  expect(csv.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = parseCsv(csv);
  expect(header).toEqual([...CSV_COLUMNS]);
  for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

describe('CSV_COLUMNS', () => {
  it('puts the unit in the header of every measured column', () => {
    const unitless = new Set(['configuration', 'scope', 'name', 'SLO met']);
    for (const column of CSV_COLUMNS) {
      if (unitless.has(column)) continue;
      expect(column, column).toMatch(/\((requests|requests\/s|ms|%|h|per price unit)\)$/);
    }
    expect(CSV_COLUMNS.filter((c) => c.endsWith('(ms)'))).toEqual(['mean (ms)', 'p50 (ms)', 'p90 (ms)', 'p95 (ms)', 'p99 (ms)', 'max (ms)']);
    expect(new Set(CSV_COLUMNS).size).toBe(CSV_COLUMNS.length);
  });
});

describe('resultRows', () => {
  it('gives one overall row, then one per endpoint, then one per instance', () => {
    const rows = resultRows('run', result());
    expect(rows.map((r) => [r.scope, r.name])).toEqual([
      ['overall', 'all endpoints'],
      ['endpoint', 'GET /api/users'],
      ['endpoint', 'POST /api/users/:id'],
      ['instance', 'i-1'],
      ['instance', 'i-2'],
    ]);
    expect(rows.every((r) => r.configuration === 'run')).toBe(true);
  });

  it('turns fractions into percentages and counts an instance’s failed and refused requests as errors', () => {
    const [overall, , , first] = resultRows('run', result());
    expect(overall!['SLO attainment (%)']).toBeCloseTo(97, 10);
    expect(overall!['SLO met']).toBe('yes');
    expect(overall!['cost (per price unit)']).toBeCloseTo(1 / 30, 12);
    expect(first!['utilization (%)']).toBeCloseTo(45.67, 10);
    expect(first!['errors (requests)']).toBe(5);
    expect(first!['completed (requests)']).toBe(40);
    // An instance has no latency of its own.
    expect(first!['mean (ms)']).toBeUndefined();
    expect(first!['issued (requests)']).toBeUndefined();
  });

  it('says "no" when the SLO is missed', () => {
    const missed = result({ slo: { latencyMs: 300, percentile: 95, attainment: 0.5, met: false, latencyAtPercentileMs: 900 } });
    expect(resultRows('run', missed)[0]!['SLO met']).toBe('no');
  });

  it('has only the overall row for a run without endpoints or instances', () => {
    expect(resultRows('empty', result({ endpoints: [], instances: [] }))).toHaveLength(1);
  });
});

describe('simulationCsv', () => {
  it('writes a run with numbers rounded to 3 decimals and empty cells where a scope has no figure', () => {
    const rows = table(simulationCsv(runOnly(result())));
    expect(rows).toHaveLength(5);
    const [overall, users, , i1, i2] = rows;
    expect(overall).toMatchObject({
      configuration: 'run',
      scope: 'overall',
      name: 'all endpoints',
      'issued (requests)': '100',
      'completed (requests)': '95',
      'errors (requests)': '3',
      'timeouts (requests)': '1',
      'drops (requests)': '1',
      'throughput (requests/s)': '1.583',
      'mean (ms)': '12.346',
      'max (ms)': '61.728',
      'SLO attainment (%)': '97',
      'SLO met': 'yes',
      'utilization (%)': '',
      'mean queue length (requests)': '',
      'instance-hours (h)': '0.333',
      'cost (per price unit)': '0.033',
    });
    expect(users).toMatchObject({ scope: 'endpoint', name: 'GET /api/users', 'p99 (ms)': '40', 'errors (requests)': '1', 'SLO met': '', 'cost (per price unit)': '' });
    expect(i1).toMatchObject({ scope: 'instance', name: 'i-1', 'utilization (%)': '45.67', 'errors (requests)': '5', 'instance-hours (h)': '0.167', 'p50 (ms)': '' });
    expect(i2).toMatchObject({ 'utilization (%)': '100', 'errors (requests)': '0', 'completed (requests)': '55' });
  });

  it('writes NaN, Infinity and null (NaN after a trip through JSON) as empty cells', () => {
    const odd = result({
      throughputPerSec: Number.NaN,
      latency: { ...latency(5), meanMs: Number.POSITIVE_INFINITY, p99Ms: null as unknown as number },
      endpoints: [],
      instances: [],
    });
    const [overall] = table(simulationCsv(runOnly(odd)));
    expect(overall!['throughput (requests/s)']).toBe('');
    expect(overall!['mean (ms)']).toBe('');
    expect(overall!['p99 (ms)']).toBe('');
    expect(overall!['p50 (ms)']).toBe('5');
  });

  it('keeps zero, negative and huge numbers as numbers', () => {
    const [overall] = table(
      simulationCsv(runOnly(result({ endpoints: [], instances: [], requests: outcomes(0, 0), throughputPerSec: -0.0004, cost: { instanceHours: 123_456_789.98765, pricePerInstanceHour: 1, total: 9_007_199_254_740 } }))),
    );
    expect(overall!['issued (requests)']).toBe('0');
    expect(overall!['throughput (requests/s)']).toBe('0');
    expect(overall!['instance-hours (h)']).toBe('123456789.988');
    expect(overall!['cost (per price unit)']).toBe('9007199254740');
  });

  it('quotes names with commas, quotes and line breaks (RFC 4180) and reads them back unchanged', () => {
    const names = ['GET /api/a,b', 'GET /api/"quoted"', 'GET /api/line\nbreak', 'GET /api/cr\r\nlf', '"', ','];
    const csv = simulationCsv(runOnly(result({ endpoints: names.map((n) => endpoint(n, 1)), instances: [] })));
    expect(csv).toContain('"GET /api/a,b"');
    expect(csv).toContain('"GET /api/""quoted"""');
    expect(csv).toContain('"GET /api/line\nbreak"');
    const rows = table(csv);
    expect(rows.slice(1).map((r) => r.name)).toEqual(names);
    expect(csv).toContain('run,endpoint,"GET /api/a,b",50,');
    // A plain name is not quoted.
    expect(simulationCsv(runOnly(result()))).toContain('\r\nrun,endpoint,GET /api/users,50,49,1,');
  });

  it('writes just the header when there is nothing to export', () => {
    expect(simulationCsv({ session: null, run: null, comparison: null })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('writes a real comparison: each configuration by its name, then the single run, every row once', () => {
    const variants = [
      { name: 'least-connections, 3 instances', changes: { balancer: 'least-connections' as const, pool: { instances: 3 } } },
      { name: 'the "big" one', changes: { pool: { instances: 4 } } },
    ];
    const comparison = compareConfigurations(config, variants);
    const run = runSimulation(config);
    const data: SimulationExport = {
      session: { id: 's1', name: 'Admin' },
      run: { config, result: run, wallMs: 10 },
      comparison: { base: config, variants: variants.map((v) => ({ name: v.name, config })), comparison, wallMs: 30 },
    };
    const rows = table(simulationCsv(data));
    const perConfiguration = (instances: number) => 1 + config.workload.endpoints.length + instances;
    expect(rows).toHaveLength(perConfiguration(2) + perConfiguration(2) + perConfiguration(3) + perConfiguration(4));
    const count = (name: string) => rows.filter((r) => r.configuration === name).length;
    expect(count('run')).toBe(perConfiguration(2));
    expect(count('base')).toBe(perConfiguration(2));
    expect(count('least-connections, 3 instances')).toBe(perConfiguration(3));
    expect(count('the "big" one')).toBe(perConfiguration(4));
    expect(rows.map((r) => r.configuration).filter((c, i, all) => all.indexOf(c) === i)).toEqual(['run', 'base', 'least-connections, 3 instances', 'the "big" one']);
    // The endpoint name with a comma and quotes survives, and the figures are the result's.
    expect(rows.filter((r) => r.name === 'GET /api/report, "monthly"')).toHaveLength(4);
    const overallRun = rows.find((r) => r.configuration === 'run' && r.scope === 'overall')!;
    expect(Number(overallRun['issued (requests)'])).toBe(run.requests.issued);
    expect(Number(overallRun['p95 (ms)'])).toBeCloseTo(run.latency.p95Ms, 3);
    expect(Number(overallRun['cost (per price unit)'])).toBeCloseTo(run.cost.total, 3);
    // Same seed and configuration: the single run and the comparison's base agree.
    const overallBase = rows.find((r) => r.configuration === 'base' && r.scope === 'overall')!;
    expect({ ...overallBase, configuration: 'run' }).toEqual(overallRun);
  });

  it('names a compared configuration without a row by its position', () => {
    const comparison = { rows: [], relativeToBase: [], results: [result({ endpoints: [], instances: [] })] };
    const rows = table(simulationCsv({ session: null, run: null, comparison: { base: config, variants: [], comparison, wallMs: 1 } }));
    expect(rows.map((r) => r.configuration)).toEqual(['configuration 1']);
  });
});

describe('simulationJson', () => {
  const at = new Date(Date.UTC(2025, 5, 1, 12, 30, 0));

  it('writes the format, version, time and session, and the run when there is one', () => {
    const data = runOnly(result());
    const json = JSON.parse(simulationJson(data, at));
    expect(json.format).toBe(SIMULATION_EXPORT_FORMAT);
    expect(json.format).toBe('admin-performance-simulation');
    expect(json.version).toBe(1);
    expect(json.exportedAt).toBe('2025-06-01T12:30:00.000Z');
    expect(json.session).toEqual({ id: 's1', name: 'Admin' });
    expect(json.run.config).toEqual(config);
    expect(json.run.result.latency.meanMs).toBe(12.34567);
    expect(json.run.wallMs).toBe(40);
    expect('comparison' in json).toBe(false);
  });

  it('leaves out what was not run, and keeps a null session', () => {
    const json = JSON.parse(simulationJson({ session: null, run: null, comparison: null }, at));
    expect(Object.keys(json)).toEqual(['format', 'version', 'exportedAt', 'session']);
    expect(json.session).toBeNull();
  });

  it('keeps the configurations so the file can be run again with the same result', () => {
    const run = runSimulation(config);
    const json = JSON.parse(simulationJson(runOnly(run), at));
    const again = runSimulation(json.run.config as SimulationConfig);
    expect(again.requests).toEqual(run.requests);
    expect(again.latency).toEqual(run.latency);
  });

  it('is indented, and writes non-finite numbers as null', () => {
    const text = simulationJson(runOnly(result({ throughputPerSec: Number.NaN })), at);
    expect(text.split('\n')[1]).toBe('  "format": "admin-performance-simulation",');
    expect(JSON.parse(text).run.result.throughputPerSec).toBeNull();
  });
});

describe('exportFileName', () => {
  const at = new Date(Date.UTC(2025, 2, 3, 9, 5, 7, 123));

  it('names the file after the session and the UTC time, with the extension', () => {
    expect(exportFileName(runOnly(result(), { id: 's', name: 'Admin staging' }), 'csv', at)).toBe('simulation-Admin-staging-2025-03-03-09-05-07.csv');
    expect(exportFileName(runOnly(result(), { id: 's', name: 'admin' }), 'json', at)).toBe('simulation-admin-2025-03-03-09-05-07.json');
  });

  it('keeps only characters safe on every file system, with no leading or trailing dashes', () => {
    const name = (session: string) => exportFileName(runOnly(result(), { id: 's', name: session }), 'json', at);
    expect(name('a/b\\c:d*e?f"g<h>i|j')).toBe('simulation-a-b-c-d-e-f-g-h-i-j-2025-03-03-09-05-07.json');
    expect(name('  "quoted", name\n ')).toBe('simulation-quoted-name-2025-03-03-09-05-07.json');
    expect(name('v1.2_final-copy')).toBe('simulation-v1.2_final-copy-2025-03-03-09-05-07.json');
  });

  it('falls back to "session" when no character is left or there is no session', () => {
    expect(exportFileName(runOnly(result(), { id: 's', name: '管理画面' }), 'csv', at)).toBe('simulation-session-2025-03-03-09-05-07.csv');
    expect(exportFileName(runOnly(result(), { id: 's', name: '' }), 'csv', at)).toBe('simulation-session-2025-03-03-09-05-07.csv');
    expect(exportFileName({ session: null, run: null, comparison: null }, 'json', at)).toBe('simulation-session-2025-03-03-09-05-07.json');
  });

  it('cuts long session names to 60 characters', () => {
    const file = exportFileName(runOnly(result(), { id: 's', name: 'x'.repeat(500) }), 'csv', at);
    expect(file).toBe(`simulation-${'x'.repeat(60)}-2025-03-03-09-05-07.csv`);
  });
});
