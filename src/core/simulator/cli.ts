/**
 * The command-line tool's pure part: argument parsing, building a configuration from flags and/or
 * an input file, and the printed summary. scripts/simulate.ts does the file and console I/O.
 */
import type { SessionData } from '../model.ts';
import { mm1, mmc, md1, roundRobinErlang, supermarketMeanResponse } from './analytic.ts';
import type { BalancerName, SimulationConfig } from './config.ts';
import { BALANCER_NAMES } from './config.ts';
import type { Distribution } from './distributions.ts';
import type { SimulationResult } from './results.ts';
import { SIMULATOR_LIMITS } from './limits.ts';
import { classifyInput } from './session-file.ts';
import type { Workload } from './workload.ts';
import { workloadFromSession } from './workload.ts';

/** A bad command line; `flag` names the culprit. Exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

export const USAGE = `Usage: npm run simulate -- [FILE] [options]

Runs the scaling simulator and prints one JSON object.

Input, one of:
  FILE                         a workload JSON ({endpoints, model}), a full simulation config
                               ({workload, pool, balancer, ...}) or an exported session (SessionData,
                               or {format: "admin-performance-session", version, data})
  --arrivals poisson:RATE      quick model: Poisson arrivals, RATE requests per second
  --service exp:MEAN_MS        quick model service time: exponential (exp:MEAN_MS) or constant (const:MS)

Pool and routing:
  --servers N                  instances, each with its own queue (default 1)
  --concurrency K              workers per instance serving from its queue (default 1);
                               --servers 1 --concurrency C is M/M/c
  --balancer NAME              ${BALANCER_NAMES.join(', ')}
                               (default round-robin)
  --queue-capacity N           requests waiting per instance before drops (default unbounded)
  --queue-timeout MS           drop requests waiting longer (default none)

Run length and randomness:
  --requests N                 requests to simulate (default 100000 for a quick model)
  --duration SECONDS           simulated time (default 3600 for a session or workload without --requests)
  --warmup SECONDS             leave the first seconds out of the statistics
  --seed S                     random seed (default 1); same seed, same result

Sessions and workloads:
  --users N                    simulated admins (closed model; default 100)
  --think exp:MEAN_MS          think time between a user's requests (overrides the measured one)
  --open-rate RATE             open model at RATE requests/s instead of users thinking
  --service-fit FIT            session service times: empirical (resample, default), lognormal, exponential

Reporting:
  --slo MS@PCT                 latency objective, e.g. 300@95 (default)
  --price P                    price of an instance-hour, for cost
  --full                       include the full result (time series, per instance, scaling events)
  --json                       print compact JSON on one line (default: indented)
  --help                       this text

Errors go to stderr: a bad flag, field or an overloaded open model exits with code 2, reaching
the event cap (maxEvents) with code 3, anything else with 1.

Examples:
  npm run simulate -- --arrivals poisson:80 --service exp:10 --servers 1 --requests 200000 --json
  npm run simulate -- --arrivals poisson:350 --service exp:10 --servers 4 --balancer power-of-two
  npm run simulate -- session.json --users 500 --servers 4 --concurrency 8
`;

/** Parsed command line. */
export interface CliOptions {
  help: boolean;
  file?: string;
  arrivalsPerSec?: number;
  service?: Distribution;
  servers?: number;
  concurrency?: number;
  balancer?: BalancerName;
  queueCapacity?: number;
  queueTimeoutMs?: number;
  requests?: number;
  durationSec?: number;
  warmupSec?: number;
  seed?: number | string;
  users?: number;
  think?: Distribution;
  openRatePerSec?: number;
  serviceFit?: 'empirical' | 'lognormal' | 'exponential';
  slo?: { latencyMs: number; percentile: number };
  price?: number;
  full: boolean;
  json: boolean;
}

const VALUE_FLAGS = new Set([
  '--arrivals', '--service', '--servers', '--concurrency', '--balancer', '--queue-capacity', '--queue-timeout', '--requests',
  '--duration', '--warmup', '--seed', '--users', '--think', '--open-rate', '--service-fit', '--slo', '--price',
]);

function positiveNumber(flag: string, text: string, integer = false, limit = Infinity): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new CliUsageError(flag, `${flag} must be a positive ${integer ? 'whole number' : 'number'} (got ${JSON.stringify(text)})`);
  }
  if (value > limit) throw new CliUsageError(flag, `${flag} must be ≤ ${limit} (the simulator's limit; got ${JSON.stringify(text)})`);
  return value;
}

/** exp:MEAN_MS or const:MS. */
export function parseDistribution(flag: string, text: string): Distribution {
  const match = /^(exp|const):(.+)$/.exec(text);
  if (!match) throw new CliUsageError(flag, `${flag} must be exp:MEAN_MS or const:MS (got ${JSON.stringify(text)})`);
  const ms = positiveNumber(flag, match[2]!);
  return match[1] === 'exp' ? { type: 'exponential', meanMs: ms } : { type: 'constant', valueMs: ms };
}

function parseArrivals(text: string): number {
  const match = /^poisson:(.+)$/.exec(text);
  if (!match) throw new CliUsageError('--arrivals', `--arrivals must be poisson:RATE_PER_S (got ${JSON.stringify(text)})`);
  return positiveNumber('--arrivals', match[1]!);
}

function parseSlo(text: string): { latencyMs: number; percentile: number } {
  const match = /^([^@]+)@([^@]+)$/.exec(text);
  if (!match) throw new CliUsageError('--slo', `--slo must be MS@PERCENT, e.g. 300@95 (got ${JSON.stringify(text)})`);
  const percentile = positiveNumber('--slo', match[2]!);
  if (percentile > 100) throw new CliUsageError('--slo', `--slo percentile must be ≤ 100 (got ${percentile})`);
  return { latencyMs: positiveNumber('--slo', match[1]!), percentile };
}

function parseBalancer(text: string): BalancerName {
  if (!BALANCER_NAMES.includes(text as BalancerName)) {
    throw new CliUsageError('--balancer', `--balancer must be one of ${BALANCER_NAMES.join(', ')} (got ${JSON.stringify(text)})`);
  }
  return text as BalancerName;
}

function applyFlag(options: CliOptions, flag: string, value: string): void {
  switch (flag) {
    case '--arrivals': options.arrivalsPerSec = parseArrivals(value); break;
    case '--service': options.service = parseDistribution(flag, value); break;
    case '--servers': options.servers = positiveNumber(flag, value, true, SIMULATOR_LIMITS.instances); break;
    case '--concurrency': options.concurrency = positiveNumber(flag, value, true, SIMULATOR_LIMITS.workersPerInstance); break;
    case '--balancer': options.balancer = parseBalancer(value); break;
    case '--queue-capacity': {
      const capacity = Number(value);
      if (!Number.isInteger(capacity) || capacity < 0) throw new CliUsageError(flag, `${flag} must be a whole number ≥ 0 (got ${JSON.stringify(value)})`);
      options.queueCapacity = capacity;
      break;
    }
    case '--queue-timeout': options.queueTimeoutMs = positiveNumber(flag, value); break;
    case '--requests': options.requests = positiveNumber(flag, value, true, SIMULATOR_LIMITS.maxRequests); break;
    case '--duration': options.durationSec = positiveNumber(flag, value, false, SIMULATOR_LIMITS.durationMs / 1000); break;
    case '--warmup': options.warmupSec = positiveNumber(flag, value); break;
    case '--seed': options.seed = /^-?\d+$/.test(value) ? Number(value) : value; break;
    case '--users': options.users = positiveNumber(flag, value, true, SIMULATOR_LIMITS.users); break;
    case '--think': options.think = parseDistribution(flag, value); break;
    case '--open-rate': options.openRatePerSec = positiveNumber(flag, value); break;
    case '--service-fit': {
      const fits = ['empirical', 'lognormal', 'exponential'] as const;
      if (!fits.includes(value as (typeof fits)[number])) throw new CliUsageError(flag, `${flag} must be one of ${fits.join(', ')} (got ${JSON.stringify(value)})`);
      options.serviceFit = value as (typeof fits)[number];
      break;
    }
    case '--slo': options.slo = parseSlo(value); break;
    case '--price': {
      const price = Number(value);
      if (!Number.isFinite(price) || price < 0) throw new CliUsageError(flag, `${flag} must be a number ≥ 0 (got ${JSON.stringify(value)})`);
      options.price = price;
      break;
    }
  }
}

/** Parses argv (without node and the script). Throws CliUsageError. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { help: false, full: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--full') options.full = true;
    else if (VALUE_FLAGS.has(arg.split('=')[0]!)) {
      const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, argv[++i]];
      if (inline === undefined || (inline.startsWith('--') && !arg.includes('='))) throw new CliUsageError(flag, `${flag} needs a value`);
      applyFlag(options, flag, inline);
    } else if (arg.startsWith('-')) throw new CliUsageError(arg, `unknown option ${arg} (see --help)`);
    else if (options.file === undefined) options.file = arg;
    else throw new CliUsageError(arg, `only one input file is accepted (got ${JSON.stringify(options.file)} and ${JSON.stringify(arg)})`);
  }
  if (!options.help) checkInputChoice(options);
  return options;
}

function checkInputChoice(options: CliOptions): void {
  const quick = options.arrivalsPerSec !== undefined || options.service !== undefined;
  if (quick && options.file !== undefined) throw new CliUsageError('--arrivals', '--arrivals/--service describe a model of their own: give them or an input FILE, not both');
  if (quick && (options.arrivalsPerSec === undefined || options.service === undefined)) {
    const missing = options.arrivalsPerSec === undefined ? '--arrivals' : '--service';
    throw new CliUsageError(missing, `${missing} is required with ${missing === '--arrivals' ? '--service' : '--arrivals'}`);
  }
  if (!quick && options.file === undefined) throw new CliUsageError('FILE', 'give an input FILE or a model with --arrivals and --service (see --help)');
}

/** The quick model's configuration from flags alone. */
function quickModelConfig(options: CliOptions): SimulationConfig {
  return {
    seed: options.seed ?? 1,
    maxRequests: options.requests ?? (options.durationSec === undefined ? 100_000 : undefined),
    workload: {
      endpoints: [{ name: 'request', weight: 1, service: options.service! }],
      model: { kind: 'open', arrivals: { pattern: 'constant', ratePerSec: options.arrivalsPerSec! } },
    },
    pool: { instances: options.servers ?? 1, workersPerInstance: options.concurrency ?? 1 },
    balancer: options.balancer ?? 'round-robin',
  };
}

function workloadFromSessionFlags(data: SessionData, options: CliOptions): Workload {
  const workload = workloadFromSession(data, {
    model: options.openRatePerSec !== undefined ? 'open' : 'closed',
    users: options.users ?? 100,
    ...(options.openRatePerSec !== undefined ? { ratePerSec: options.openRatePerSec } : {}),
    ...(options.serviceFit !== undefined ? { serviceFit: options.serviceFit } : {}),
  });
  return withWorkloadFlags(workload, options);
}

function withWorkloadFlags(workload: Workload, options: CliOptions): Workload {
  let model = workload.model;
  if (options.openRatePerSec !== undefined) model = { kind: 'open', users: options.users ?? 1000, arrivals: { pattern: 'constant', ratePerSec: options.openRatePerSec } };
  else if (model.kind === 'closed') model = { ...model, users: options.users ?? model.users, thinkTime: options.think ?? model.thinkTime };
  return { ...workload, model };
}

/** Applies pool, routing, run-length and reporting flags over a configuration. */
function withRunFlags(config: SimulationConfig, options: CliOptions): SimulationConfig {
  const out: SimulationConfig = { ...config, pool: { ...config.pool } };
  if (options.seed !== undefined) out.seed = options.seed;
  if (options.servers !== undefined) out.pool.instances = options.servers;
  if (options.concurrency !== undefined) out.pool.workersPerInstance = options.concurrency;
  if (options.queueCapacity !== undefined || options.queueTimeoutMs !== undefined) {
    out.pool.queue = {
      ...config.pool.queue,
      ...(options.queueCapacity !== undefined ? { capacity: options.queueCapacity } : {}),
      ...(options.queueTimeoutMs !== undefined ? { timeoutMs: options.queueTimeoutMs } : {}),
    };
  }
  if (options.balancer !== undefined) out.balancer = options.balancer;
  if (options.requests !== undefined) out.maxRequests = options.requests;
  if (options.durationSec !== undefined) out.durationMs = options.durationSec * 1000;
  if (out.durationMs === undefined && out.maxRequests === undefined) out.durationMs = 3_600_000;
  if (options.warmupSec !== undefined) out.warmupMs = options.warmupSec * 1000;
  if (options.slo !== undefined) out.slo = options.slo;
  if (options.price !== undefined) out.cost = { pricePerInstanceHour: options.price };
  return out;
}

/** Builds the configuration to run from the options and, when a FILE was given, its parsed JSON. */
export function configFromCli(options: CliOptions, fileJson?: unknown): SimulationConfig {
  if (options.file === undefined) return withRunFlags(quickModelConfig(options), options);
  const input = classifyInput(fileJson);
  const base: SimulationConfig =
    input.kind === 'config'
      ? { ...input.config, workload: input.config.workload && withWorkloadFlags(input.config.workload, options) }
      : { workload: input.kind === 'session' ? workloadFromSessionFlags(input.data, options) : withWorkloadFlags(input.workload, options), pool: { instances: 1 } };
  return withRunFlags(base, options);
}

/** Closed-form figures for quick models that have them (null otherwise). */
export function analyticFor(config: SimulationConfig): Record<string, number | string> | null {
  const endpoints = config.workload.endpoints;
  const model = config.workload.model;
  if (endpoints.length !== 1 || model.kind !== 'open' || model.arrivals.pattern !== 'constant') return null;
  if (config.pool.queue?.capacity !== undefined || config.pool.queue?.timeoutMs !== undefined || config.failures || config.autoscaler) return null;
  const service = endpoints[0]!.service;
  const lambda = model.arrivals.ratePerSec / 1000;
  const servers = config.pool.instances;
  const workers = config.pool.workersPerInstance ?? 1;
  const balancer = typeof config.balancer === 'object' ? config.balancer.name : (config.balancer ?? 'round-robin');
  try {
    if (service.type === 'constant' && servers === 1 && workers === 1) {
      const r = md1(lambda, service.valueMs);
      return { model: 'M/D/1 (Pollaczek–Khinchine)', meanMs: r.meanResponseMs, waitMeanMs: r.meanWaitMs };
    }
    if (service.type !== 'exponential') return null;
    const mu = 1 / service.meanMs;
    if (servers === 1 && workers === 1) {
      const r = mm1(lambda, mu);
      return { model: 'M/M/1', meanMs: r.meanResponseMs, p50Ms: r.responsePercentileMs(50), p95Ms: r.responsePercentileMs(95), p99Ms: r.responsePercentileMs(99), waitMeanMs: r.meanWaitMs, waitProbability: lambda / mu };
    }
    if (servers === 1) {
      const r = mmc(lambda, mu, workers);
      return { model: `M/M/${workers} (Erlang C)`, meanMs: r.meanResponseMs, waitMeanMs: r.meanWaitMs, waitProbability: r.waitProbability };
    }
    if (workers !== 1) return null;
    if (balancer === 'round-robin') {
      const r = roundRobinErlang(lambda, mu, servers);
      return { model: `E${servers}/M/1 per server (round robin)`, meanMs: r.meanResponseMs, waitMeanMs: r.meanWaitMs, waitProbability: r.sigma };
    }
    if (balancer === 'random') {
      const r = mm1(lambda / servers, mu);
      return { model: `M/M/1 per server (random split)`, meanMs: r.meanResponseMs, p95Ms: r.responsePercentileMs(95), waitMeanMs: r.meanWaitMs, waitProbability: lambda / servers / mu };
    }
    if (balancer === 'power-of-two') {
      return { model: 'supermarket model, large-n limit (Mitzenmacher)', meanMs: supermarketMeanResponse(lambda / servers / mu, 2) / mu };
    }
  } catch {
    return null;
  }
  return null;
}

/** The printed summary: latency (mean, p50, p90, p95, p99, max in ms), wait, throughput, events/s, and more. */
export function cliSummary(config: SimulationConfig, result: SimulationResult, full: boolean): Record<string, unknown> {
  const latency = result.latency;
  const summary: Record<string, unknown> = {
    seed: result.seed,
    latency: { mean: latency.meanMs, p50: latency.p50Ms, p90: latency.p90Ms, p95: latency.p95Ms, p99: latency.p99Ms, max: latency.maxMs, count: latency.count },
    wait: { mean: result.wait.meanMs, probability: result.wait.probability },
    throughput: result.throughputPerSec,
    eventsPerSecond: Math.round(result.perf.eventsPerSecond),
    events: result.events,
    wallMs: Math.round(result.perf.wallMs),
    simulatedSeconds: result.simulatedMs / 1000,
    requests: result.requests,
    offeredUtilization: result.offeredUtilization,
    slo: result.slo,
    cost: result.cost,
    replicas: { peak: result.scaling.peakReplicas, final: result.scaling.finalReplicas, scalingEvents: result.scaling.events.length },
    endpoints: result.endpoints.map((endpoint) => ({
      name: endpoint.name,
      count: endpoint.latency.count,
      mean: endpoint.latency.meanMs,
      p50: endpoint.latency.p50Ms,
      p95: endpoint.latency.p95Ms,
      p99: endpoint.latency.p99Ms,
      errors: endpoint.requests.errors,
      timeouts: endpoint.requests.timeouts,
      drops: endpoint.requests.drops,
    })),
    instances: result.instances.map((instance) => ({ id: instance.id, utilization: instance.utilization, served: instance.served })),
    percentileMethod: result.percentileMethod,
  };
  const analytic = analyticFor(config);
  if (analytic) summary.analytic = analytic;
  if (full) summary.result = result;
  return summary;
}
