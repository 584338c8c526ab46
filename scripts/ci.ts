/**
 * The CI runner: loads a page (or runs a flow) N times in a headless Chromium with the built
 * extension, records each run through the extension's own capture path, and gates a build on
 * budgets and on a regression against a baseline.
 *
 *   npm run ci -- --url URL [--flow FILE] --runs N [--budget FILE] [--baseline FILE]
 *                 [--save-baseline FILE] [--junit FILE] [--json FILE] [--out DIR]
 *   admin-performance ci ...   (the package's bin)
 *
 * Exit codes: 0 every check holds, 1 a budget or regression check failed, 2 bad usage or input
 * (the message names the flag or field), 3 the runs could not be completed (browser or page).
 * Progress goes to stderr; stdout stays free for a machine-readable summary line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import {
  aggregateRuns,
  budgetEngine,
  buildReport,
  CiInputError,
  compareWithBaseline,
  createBaseline,
  describeRegression,
  exitCodeOf,
  measureRun,
  parseBaseline,
  reportJson,
  writeJUnit,
  type BaselineFile,
  type BudgetEngine,
  type CiReport,
  type LoadedBudgets,
} from '../src/core/ci/index';
import type { SessionData, VitalSample } from '../src/core/model';
import { exportJson, streamToString, exportInputFrom } from '../src/core/sessions/index';
import { launchWithExtension, storedCounts, storedSession, tabIdOf, type ExtensionBrowser } from './extension-browser';

export const USAGE = `Usage: npm run ci -- --url URL [options]
       admin-performance ci --url URL [options]

Loads URL N times in a headless Chromium with the built extension (npm run build first),
records every run with the extension, and checks budgets and a baseline.

  --url URL             The page to measure (http or https). Required.
  --flow FILE           A module exporting \`export default async (page, { url, run }) => {...}\`
                        that drives a playwright-core Page through a task; it starts on URL.
  --runs N              Runs (page loads or flows), 1-50 (default 5). A regression check
                        needs at least 4 runs here and in the baseline.
  --budget FILE         Budgets to check: ours, Lighthouse budget.json or lighthouserc.json.
  --baseline FILE       A baseline saved by --save-baseline: each metric is compared with it
                        (two-sided Mann-Whitney U, alpha 0.05, and a minimum effect).
  --save-baseline FILE  Save this run's per-run values as a baseline.
  --junit FILE          Write JUnit XML: one testcase per budget and regression check.
  --json FILE           Write the JSON summary.
  --out DIR             Where to write the recorded sessions, importable into the panel
                        (default: admin-performance-ci).
  --settle MS           Quiet time after the load (or flow) before a run is read (default 1500).
  -h, --help            Show this help.

Exit codes: 0 all checks hold, 1 a budget or regression check failed, 2 bad usage or input,
3 the runs could not be completed.`;

/** Where the CLI writes. */
export interface CiOutput {
  out(line: string): void;
  err(line: string): void;
}

const FLAGS: Record<string, 'string' | 'boolean'> = {
  url: 'string',
  flow: 'string',
  runs: 'string',
  budget: 'string',
  baseline: 'string',
  'save-baseline': 'string',
  junit: 'string',
  json: 'string',
  out: 'string',
  settle: 'string',
  help: 'boolean',
};

/** A flow: drives the page through a task after it loaded URL. */
export type CiFlow = (page: Page, context: { url: string; run: number }) => Promise<void>;

/** Parsed and checked arguments. */
export interface CiArgs {
  url: string;
  flowFile: string | null;
  runs: number;
  budgetFile: string | null;
  baselineFile: string | null;
  saveBaseline: string | null;
  junit: string | null;
  json: string | null;
  out: string;
  settleMs: number;
}

class UsageError extends Error {}

/** Reads argv strictly: every flag known, every value present and valid. */
export function parseCiArgs(argv: readonly string[]): CiArgs | 'help' {
  const values: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (flags start with --; see --help)`);
    const [name, inline] = splitFlag(arg.slice(2));
    const kind = FLAGS[name];
    if (!kind) throw new UsageError(`unknown flag --${name} (see --help)`);
    if (name in values) throw new UsageError(`--${name} is given twice`);
    if (kind === 'boolean') {
      values[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : null);
  const url = text('url');
  if (!url) throw new UsageError('--url is required (the page to measure, e.g. --url http://localhost:5178/)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url "${url}" is not a URL (expected http://… or https://…)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url must be http or https (got ${parsed.protocol})`);
  const runs = wholeNumber('--runs', text('runs') ?? '5', 1, 50);
  const settleMs = wholeNumber('--settle', text('settle') ?? '1500', 0, 60_000);
  const file = (name: string) => {
    const value = text(name);
    if (value !== null && !existsSync(value)) throw new UsageError(`--${name} ${value}: no such file`);
    return value;
  };
  return {
    url: parsed.href,
    flowFile: file('flow'),
    runs,
    budgetFile: file('budget'),
    baselineFile: file('baseline'),
    saveBaseline: text('save-baseline'),
    junit: text('junit'),
    json: text('json'),
    out: text('out') ?? 'admin-performance-ci',
    settleMs,
  };
}

function splitFlag(flag: string): [string, string | undefined] {
  const at = flag.indexOf('=');
  return at < 0 ? [flag, undefined] : [flag.slice(0, at), flag.slice(at + 1)];
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${text}")`);
  return value;
}

/** What a run needs besides its arguments (tests pass their own). */
export interface CiDependencies {
  /** The budgets rule engine, loaded when --budget is given. */
  budgets(): Promise<BudgetEngine>;
  now(): number;
  /** Chromium launcher (default: the extension's, as npm start). */
  launch?: () => Promise<ExtensionBrowser>;
}

/** Runs the CLI; returns the exit code. */
export async function runCiCli(argv: readonly string[], io: CiOutput, deps: CiDependencies): Promise<number> {
  let args: CiArgs | 'help';
  try {
    args = parseCiArgs(argv);
  } catch (error) {
    io.err(`error: ${(error as Error).message}`);
    return 2;
  }
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  let inputs: { flow: CiFlow | null; engine: BudgetEngine | null; budgets: LoadedBudgets | null; baseline: BaselineFile | null };
  try {
    inputs = await readInputs(args, deps);
  } catch (error) {
    if (error instanceof CiInputError) {
      const flag = error.file === args.baselineFile ? '--baseline' : '--budget';
      io.err(`error: ${flag} ${error.file}: ${error.field ? `${error.field}: ` : ''}${error.message}`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }

  const startedAt = deps.now();
  let recorded: SessionData[];
  try {
    recorded = await recordRuns(args, inputs.flow, io, deps);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    io.err(`error: the runs could not be completed: ${error instanceof Error ? error.message : String(error)}`);
    return 3;
  }

  mkdirSync(args.out, { recursive: true });
  const sessionFiles: string[] = [];
  for (const [index, data] of recorded.entries()) {
    const path = join(args.out, `run-${String(index + 1).padStart(2, '0')}.json`);
    writeFileSync(path, await streamToString(exportJson(exportInputFrom(data), { now: deps.now() })));
    sessionFiles.push(path);
  }

  const aggregates = aggregateRuns(recorded.map(measureRun));
  const budgetChecks = inputs.engine && inputs.budgets ? inputs.engine.check(recorded, inputs.budgets) : [];
  const regressions = inputs.baseline ? compareWithBaseline(inputs.baseline, aggregates) : [];
  const report: CiReport = buildReport({
    url: args.url,
    flow: args.flowFile,
    startedAt,
    finishedAt: deps.now(),
    aggregates,
    budgets: budgetChecks,
    budgetFile: inputs.budgets && args.budgetFile ? { path: args.budgetFile, format: inputs.budgets.formatName, ignored: inputs.budgets.ignored } : null,
    regressions,
    baselineFile: args.baselineFile,
    sessions: sessionFiles,
    runs: recorded.length,
  });

  const write = (path: string, text: string) => {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(path, text);
    io.err(`wrote ${path}`);
  };
  if (args.saveBaseline) write(args.saveBaseline, `${JSON.stringify(createBaseline(args.url, recorded.length, aggregates, deps.now()), null, 2)}\n`);
  if (args.junit) write(args.junit, writeJUnit(report));
  if (args.json) write(args.json, reportJson(report));
  printSummary(report, io);
  io.out(JSON.stringify({ passed: report.passed, runs: report.runs, failures: report.failures.length }));
  return exitCodeOf(report);
}

async function readInputs(args: CiArgs, deps: CiDependencies) {
  const engine = args.budgetFile ? await deps.budgets() : null;
  const budgets = engine && args.budgetFile ? engine.load(readFileSync(args.budgetFile, 'utf8'), args.budgetFile) : null;
  const baseline = args.baselineFile ? parseBaseline(readFileSync(args.baselineFile, 'utf8'), args.baselineFile) : null;
  let flow: CiFlow | null = null;
  if (args.flowFile) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(resolve(args.flowFile)).href)) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--flow ${args.flowFile}: cannot be loaded (${error instanceof Error ? error.message : String(error)})`);
    }
    const candidate = module.default ?? module.flow;
    if (typeof candidate !== 'function') throw new UsageError(`--flow ${args.flowFile} must export a function: export default async (page) => { ... }`);
    flow = candidate as CiFlow;
  }
  return { flow, engine, budgets, baseline };
}

/** Each run in a fresh tab with an empty HTTP cache; its session read back from the extension's IndexedDB. */
async function recordRuns(args: CiArgs, flow: CiFlow | null, io: CiOutput, deps: CiDependencies): Promise<SessionData[]> {
  io.err('launching Chromium with the extension…');
  const ext = await (deps.launch ?? (() => launchWithExtension()))();
  try {
    const worker = await ext.worker();
    const sessions: SessionData[] = [];
    for (let run = 1; run <= args.runs; run++) {
      const page = await ext.context.newPage();
      const cdp = await ext.context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await cdp.detach();
      const response = await page.goto(args.url, { waitUntil: 'load', timeout: 60_000 });
      if (response && response.status() >= 400) throw new Error(`${args.url} answered HTTP ${response.status()}`);
      if (flow) await flow(page, { url: args.url, run });
      const tabId = await tabIdOf(ext, page);
      const data = await settledSession(worker, tabId, args.settleMs);
      await page.close();
      sessions.push(data);
      io.err(`run ${run}/${args.runs}: ${describeRun(data)}`);
    }
    return sessions;
  } finally {
    await ext.close();
  }
}

/**
 * Waits until the run's session has its load vitals (TTFB, FCP, LCP) and no view or request has
 * been stored for `quietMs` (memory samples keep arriving every second, so they do not count),
 * then reads it whole. After 30 s it takes what is there.
 */
async function settledSession(worker: Awaited<ReturnType<ExtensionBrowser['worker']>>, tabId: number, quietMs: number): Promise<SessionData> {
  const deadline = Date.now() + 30_000;
  let lastKey = '';
  let quietSince = Date.now();
  for (;;) {
    const counts = await storedCounts(worker, tabId);
    const key = counts ? `${counts.id} ${counts.counts.views} ${counts.counts.requests}` : '';
    if (key !== lastKey) {
      lastKey = key;
      quietSince = Date.now();
    }
    const late = Date.now() > deadline;
    if (counts && (late || Date.now() - quietSince >= quietMs)) {
      const data = await storedSession(worker, tabId);
      const names = new Set(data?.samples.filter((s): s is VitalSample => s.kind === 'vital').map((s) => s.name));
      if (data && (late || ['TTFB', 'FCP', 'LCP'].every((name) => names.has(name as VitalSample['name'])))) return data;
    }
    if (late && !counts) {
      throw new Error('the extension recorded no session for the page (is capture on for this origin? localhost and 127.0.0.1 are captured from install)');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function describeRun(data: SessionData): string {
  const values = measureRun(data);
  const part = (id: 'LCP' | 'FCP' | 'TTFB' | 'requests') => `${id} ${values[id] === null ? 'n/a' : id === 'requests' ? values[id] : `${Math.round(values[id]!)} ms`}`;
  return [part('LCP'), part('FCP'), part('TTFB'), part('requests')].join(', ');
}

function printSummary(report: CiReport, io: CiOutput): void {
  io.err('');
  io.err(`${report.runs} runs of ${report.url}${report.flow ? ` (flow ${report.flow})` : ''}:`);
  for (const metric of report.metrics) {
    if (metric.n === 0) continue;
    io.err(`  ${metric.metric.padEnd(8)} median ${metric.medianText.padEnd(14)} p75 ${metric.p75Text}`);
  }
  if (report.budgets.length) {
    io.err(`budgets (${report.budgetFile?.format ?? ''}): ${report.budgets.filter((b) => b.passed).length}/${report.budgets.length} hold`);
    for (const check of report.budgets) io.err(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.message}`);
    for (const entry of report.budgetFile?.ignored ?? []) io.err(`  ignored ${entry.field}: ${entry.reason}`);
  }
  if (report.regressions.length) {
    io.err(`against the baseline ${report.baselineFile}:`);
    for (const check of report.regressions) {
      const mark = check.verdict === 'worse' ? 'FAIL' : check.verdict === 'not compared' ? 'skip' : 'ok  ';
      io.err(`  ${mark} ${describeRegression(check, report.url)}`);
    }
  }
  io.err(report.passed ? 'all checks hold' : `${report.failures.length} check${report.failures.length === 1 ? '' : 's'} failed`);
}

const consoleOutput: CiOutput = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The command line: the real budgets engine, the real clock. */
export async function main(argv: readonly string[]): Promise<number> {
  const budgets = async () => budgetEngine;
  return runCiCli(argv, consoleOutput, { budgets, now: () => Date.now() });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
