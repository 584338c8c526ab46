/** The command-line tool: argument parsing, configuration building, and the script itself (spawned). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyticFor, CliUsageError, cliSummary, configFromCli, parseCliArgs } from '../../../src/core/simulator/cli.ts';
import { runSimulation } from '../../../src/core/simulator/index.ts';

const ROOT = join(import.meta.dirname, '../../..');

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function usageError(argv: string[]): CliUsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

describe('parseCliArgs', () => {
  it('reads a quick model', () => {
    const options = parseCliArgs(['--arrivals', 'poisson:80', '--service', 'exp:10', '--servers', '3', '--concurrency=2', '--balancer', 'power-of-two', '--requests', '5000', '--seed', '7', '--json']);
    expect(options).toMatchObject({ arrivalsPerSec: 80, service: { type: 'exponential', meanMs: 10 }, servers: 3, concurrency: 2, balancer: 'power-of-two', requests: 5000, seed: 7, json: true });
    expect(parseCliArgs(['--arrivals', 'poisson:5', '--service', 'const:4']).service).toEqual({ type: 'constant', valueMs: 4 });
  });

  it.each([
    [['--arrivals', 'uniform:3', '--service', 'exp:10'], '--arrivals', '--arrivals must be poisson:RATE_PER_S (got "uniform:3")'],
    [['--arrivals', 'poisson:-2', '--service', 'exp:10'], '--arrivals', '--arrivals must be a positive number (got "-2")'],
    [['--arrivals', 'poisson:2', '--service', 'gamma:10'], '--service', '--service must be exp:MEAN_MS or const:MS (got "gamma:10")'],
    [['--arrivals', 'poisson:2', '--service', 'exp:10', '--servers', '0'], '--servers', '--servers must be a positive whole number (got "0")'],
    [['--arrivals', 'poisson:2', '--service', 'exp:10', '--balancer', 'fastest'], '--balancer', /--balancer must be one of round-robin/],
    [['--arrivals', 'poisson:2'], '--service', '--service is required with --arrivals'],
    [['--arrivals', 'poisson:2', '--service', 'exp:10', '--bogus'], '--bogus', 'unknown option --bogus (see --help)'],
    [['--arrivals', 'poisson:2', '--service', 'exp:10', '--requests'], '--requests', '--requests needs a value'],
    [[], 'FILE', /give an input FILE/],
    [['s.json', '--service-fit', 'gamma'], '--service-fit', '--service-fit must be one of empirical, lognormal, exponential (got "gamma")'],
  ])('%j → error naming %s', (argv, flag, message) => {
    const error = usageError(argv as string[]);
    expect(error.flag).toBe(flag);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('configFromCli and the summary', () => {
  it('builds the quick model and prints latency, wait, throughput and events per second', () => {
    const config = configFromCli(parseCliArgs(['--arrivals', 'poisson:80', '--service', 'exp:10', '--requests', '20000']));
    expect(config).toMatchObject({ maxRequests: 20_000, pool: { instances: 1, workersPerInstance: 1 }, balancer: 'round-robin' });
    const summary = cliSummary(config, runSimulation(config), false) as Record<string, Record<string, number>>;
    expect(Object.keys(summary.latency!)).toEqual(expect.arrayContaining(['mean', 'p50', 'p95', 'p99']));
    expect(Object.keys(summary.wait!)).toEqual(['mean', 'probability']);
    expect(summary.throughput).toBeGreaterThan(70);
    expect(summary.eventsPerSecond).toBeGreaterThan(0);
    expect(summary.analytic).toMatchObject({ model: 'M/M/1' });
    expect(summary.analytic!.meanMs).toBeCloseTo(50, 9);
  });

  it('names the closed form that matches a model', () => {
    const build = (args: string[]) => configFromCli(parseCliArgs(['--arrivals', 'poisson:80', '--service', 'exp:10', ...args]));
    expect(analyticFor(build(['--concurrency', '2']))!.model).toBe('M/M/2 (Erlang C)');
    expect(analyticFor(build(['--servers', '2']))!.model).toBe('E2/M/1 per server (round robin)');
    expect(analyticFor(build(['--servers', '2', '--balancer', 'least-connections']))).toBeNull();
  });

  it('derives a workload from a wrapped session export and applies pool flags', () => {
    const data = {
      session: { id: 's' },
      views: [],
      samples: [],
      alerts: [],
      requests: [0, 1, 2].map((i) => ({ kind: 'request', viewId: 'v', url: `https://a.test/api/items/${i}`, initiatorType: 'fetch', t: i * 1000, duration: 30, phases: { waiting: 25 }, serverTiming: [], cached: false })),
    };
    const options = parseCliArgs(['export.json', '--users', '10', '--servers', '2', '--concurrency', '4', '--duration', '60', '--service-fit', 'exponential']);
    const config = configFromCli(options, { format: 'admin-performance-session', version: 1, data });
    expect(config.workload.endpoints.map((e) => e.name)).toEqual(['/api/items/:id']);
    expect(config.workload.endpoints[0]!.service).toEqual({ type: 'exponential', meanMs: 25 });
    expect(config.workload.model).toMatchObject({ kind: 'closed', users: 10 });
    expect(config).toMatchObject({ durationMs: 60_000, pool: { instances: 2, workersPerInstance: 4 } });
  });
});

describe('example files', () => {
  const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));

  it('runs the example workload with pool flags', () => {
    const options = parseCliArgs(['demo-workload.json', '--servers', '2', '--concurrency', '8', '--duration', '300']);
    const config = configFromCli(options, fixture('demo-workload.json'));
    const result = runSimulation(config);
    expect(result.endpoints).toHaveLength(6);
    expect(result.simulatedMs).toBe(300_000);
    expect(result.requests.completed).toBeGreaterThan(10_000);
  });

  it('runs the example configuration (diurnal load, peak EWMA, HPA, health checks, a failure)', () => {
    const config = configFromCli(parseCliArgs(['demo-config.json', '--duration', '900']), fixture('demo-config.json'));
    const result = runSimulation(config);
    expect(result.scaling.events.length).toBeGreaterThan(0);
    expect(result.requests.refused + result.requests.failed).toBeGreaterThan(0);
    expect(result.cost.pricePerInstanceHour).toBe(0.12);
  });
});

describe('scripts/simulate.ts', () => {
  it('--help prints usage', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run simulate -- \[FILE\] \[options\]/);
  });

  it('prints one JSON object for a quick model', () => {
    const run = runCli(['--arrivals', 'poisson:80', '--service', 'exp:10', '--servers', '1', '--balancer', 'round-robin', '--requests', '20000', '--seed', '3', '--json']);
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { latency: { mean: number; p95: number }; wait: { probability: number }; throughput: number; eventsPerSecond: number };
    expect(output.latency.mean).toBeGreaterThan(30);
    expect(output.wait.probability).toBeGreaterThan(0.7);
    expect(output.eventsPerSecond).toBeGreaterThan(0);
  });

  it('exits with code 2 and a message naming the bad flag or field', () => {
    const badFlag = runCli(['--arrivals', 'poisson:80', '--service', 'exp:10', '--servers', 'zero']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/--servers must be a positive whole number/);
    const overload = runCli(['--arrivals', 'poisson:200', '--service', 'exp:10']);
    expect(overload.status).toBe(2);
    expect(overload.stderr).toMatch(/SimulationOverloadError: offered utilization is 2\.000/);
    expect(overload.stdout).toBe('');
  });
});
