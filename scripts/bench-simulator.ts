/**
 * npm run bench:simulator
 * Speed of the scaling simulator: events per second on an M/M/c model and on the hold model
 * (N = 1k, 10k, 100k events always in the heap), M/M/1 requests per second against simjs in the
 * same process (alternating A/B, medians), and a one-hour 1,000-user closed-model run.
 * Prints a table and writes .bench/simulator.json. Rates are given per wall-clock second and per
 * CPU second of this process (the CPU figure is the fairer one on a machine shared with other work).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { EventHeap } from '../src/core/simulator/heap.ts';
import type { SimulationConfig } from '../src/core/simulator/index.ts';
import { runSimulation } from '../src/core/simulator/index.ts';
import { Rng } from '../src/core/simulator/rng.ts';

const REPETITIONS = 7;

/** The part of simjs's API this benchmark uses (the package ships no types). */
interface SimjsRequest {
  done(callback: () => void, context?: object): SimjsRequest;
}
interface SimjsEntity {
  useFacility(facility: object, duration: number): SimjsRequest;
  setTimer(duration: number): SimjsRequest;
}
interface Simjs {
  Sim: new () => { addEntity(klass: new (...args: never[]) => object): object; simulate(endTime: number): void };
  Entity: new (sim: object, name?: string) => SimjsEntity;
  Facility: new (name: string) => object;
  Random: new (seed: number) => { exponential(rate: number): number };
}
/** simjs 2.0.3 is a browserify bundle that only publishes itself as window.Sim, so give it a window to do that. */
function loadSimjs(): Simjs {
  const host = globalThis as unknown as { window?: { Sim?: Simjs } };
  const hadWindow = 'window' in host;
  host.window ??= {};
  createRequire(import.meta.url)('simjs');
  const loaded = host.window.Sim;
  if (!hadWindow) delete host.window;
  if (!loaded) throw new Error('simjs did not load');
  return loaded;
}
const simjs = loadSimjs();

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function timed<T>(work: () => T): { value: T; timing: Timing } {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const value = work();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  return { value, timing: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Rate {
  /** Per wall-clock second, median of the repetitions. */
  wall: number;
  /** Per CPU second of this process, median of the repetitions. */
  cpu: number;
  /** Every repetition, per wall-clock second. */
  runs: number[];
}

function rate(count: number, timings: Timing[]): Rate {
  return {
    wall: median(timings.map((t) => (count / t.wallMs) * 1000)),
    cpu: median(timings.map((t) => (count / t.cpuMs) * 1000)),
    runs: timings.map((t) => Math.round((count / t.wallMs) * 1000)),
  };
}

function openModel(ratePerSec: number, meanServiceMs: number, requests: number, workers: number): SimulationConfig {
  return {
    seed: 1,
    maxRequests: requests,
    workload: {
      endpoints: [{ name: 'request', weight: 1, service: { type: 'exponential', meanMs: meanServiceMs } }],
      model: { kind: 'open', arrivals: { pattern: 'constant', ratePerSec } },
    },
    pool: { instances: 1, workersPerInstance: workers },
  };
}

/** M/M/8 with one shared queue at ρ = 0.9, 1M requests (2M events). */
function benchMmc(): { events: number; eventsPerSecond: Rate } {
  const config = openModel(720, 10, 1_000_000, 8);
  runSimulation({ ...config, maxRequests: 100_000 }); // warm up the JIT
  const timings: Timing[] = [];
  let events = 0;
  for (let i = 0; i < REPETITIONS; i++) {
    const { value, timing } = timed(() => runSimulation(config));
    events = value.events;
    timings.push(timing);
  }
  return { events, eventsPerSecond: rate(events, timings) };
}

/** The hold model: N events in the heap; pop one, push one at t + Exp(1). */
function holdOnce(size: number, operations: number): void {
  const heap = new EventHeap(size);
  const rng = new Rng(size);
  for (let i = 0; i < size; i++) heap.push(rng.exponential(1), 0, i);
  for (let i = 0; i < operations; i++) {
    heap.pop();
    heap.push(heap.topTime + rng.exponential(1), heap.topKind, heap.topPayload);
  }
}

function benchHold(size: number): { size: number; operations: number; eventsPerSecond: Rate } {
  const operations = 2_000_000;
  holdOnce(size, 200_000);
  const timings: Timing[] = [];
  for (let i = 0; i < REPETITIONS; i++) timings.push(timed(() => holdOnce(size, operations)).timing);
  return { size, operations, eventsPerSecond: rate(operations, timings) };
}

/** simjs M/M/1: a source entity, a FCFS Facility, the same rates (per ms). Returns requests served. */
function simjsMm1(requests: number, lambdaPerMs: number, muPerMs: number): number {
  const sim = new simjs.Sim();
  const server = new simjs.Facility('server');
  const random = new simjs.Random(1);
  let issued = 0;
  let served = 0;
  class Source extends simjs.Entity {
    start(): void {
      this.arrive();
    }
    arrive(): void {
      if (issued++ >= requests) return;
      this.useFacility(server, random.exponential(muPerMs)).done(() => void served++);
      this.setTimer(random.exponential(lambdaPerMs)).done(this.arrive, this);
    }
  }
  sim.addEntity(Source);
  sim.simulate(Number.MAX_VALUE);
  return served;
}

function oursMm1(requests: number): number {
  return runSimulation(openModel(80, 10, requests, 1)).requests.completed;
}

/** Ours vs simjs on the same M/M/1 (ρ = 0.8), alternating which goes first. */
function benchVersusSimjs(): { requests: number; ours: Rate; simjs: Rate; ratioWall: number; ratioCpu: number } {
  const requests = 300_000;
  oursMm1(50_000);
  simjsMm1(50_000, 0.08, 0.1);
  const ours: Timing[] = [];
  const theirs: Timing[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const runOurs = (): void => {
      const { value, timing } = timed(() => oursMm1(requests));
      if (value !== requests) throw new Error(`ours served ${value} of ${requests}`);
      ours.push(timing);
    };
    const runTheirs = (): void => {
      const { value, timing } = timed(() => simjsMm1(requests, 0.08, 0.1));
      if (value !== requests) throw new Error(`simjs served ${value} of ${requests}`);
      theirs.push(timing);
    };
    if (i % 2 === 0) {
      runOurs();
      runTheirs();
    } else {
      runTheirs();
      runOurs();
    }
  }
  const oursRate = rate(requests, ours);
  const simjsRate = rate(requests, theirs);
  return { requests, ours: oursRate, simjs: simjsRate, ratioWall: oursRate.wall / simjsRate.wall, ratioCpu: oursRate.cpu / simjsRate.cpu };
}

/** A demo-app-like admin backend: six endpoints (20–800 ms), 1,000 users thinking ~5 s, one simulated hour. */
export function demoHourConfig(): SimulationConfig {
  return {
    seed: 1,
    durationMs: 3_600_000,
    workload: {
      endpoints: [
        { name: 'GET /api/dashboard/stats', weight: 20, service: { type: 'lognormal', medianMs: 20, sigma: 0.3 } },
        { name: 'GET /api/users', weight: 25, service: { type: 'lognormal', medianMs: 90, sigma: 0.5 } },
        { name: 'GET /api/users/:id', weight: 25, service: { type: 'lognormal', medianMs: 40, sigma: 0.4 } },
        { name: 'GET /api/orders', weight: 15, service: { type: 'lognormal', medianMs: 250, sigma: 0.5 } },
        { name: 'POST /api/orders', weight: 10, service: { type: 'uniform', minMs: 150, maxMs: 350 } },
        { name: 'GET /api/reports/summary', weight: 5, service: { type: 'uniform', minMs: 400, maxMs: 800 } },
      ],
      model: { kind: 'closed', users: 1000, thinkTime: { type: 'exponential', meanMs: 5000 } },
    },
    pool: { instances: 4, workersPerInstance: 8, queue: { capacity: 200, timeoutMs: 10_000 }, provisioningDelayMs: 30_000 },
    balancer: 'least-connections',
    healthCheck: { intervalMs: 5000, timeoutMs: 1000, unhealthyThreshold: 2, healthyThreshold: 2 },
    failures: { schedule: [{ atMs: 1_200_000, instance: 1, durationMs: 120_000 }] },
    autoscaler: { kind: 'hpa', minReplicas: 2, maxReplicas: 20, targetUtilizationPercent: 60 },
    cost: { pricePerInstanceHour: 0.1 },
  };
}

function benchDemoHour(): { requests: number; events: number; wallMs: number[]; cpuMs: number[]; medianWallMs: number; medianCpuMs: number } {
  const config = demoHourConfig();
  const timings: Timing[] = [];
  let requests = 0;
  let events = 0;
  for (let i = 0; i < 3; i++) {
    const { value, timing } = timed(() => runSimulation(config));
    requests = value.requests.issued;
    events = value.events;
    timings.push(timing);
  }
  return {
    requests,
    events,
    wallMs: timings.map((t) => Math.round(t.wallMs)),
    cpuMs: timings.map((t) => Math.round(t.cpuMs)),
    medianWallMs: median(timings.map((t) => t.wallMs)),
    medianCpuMs: median(timings.map((t) => t.cpuMs)),
  };
}

const millions = (n: number): string => `${(n / 1e6).toFixed(2)} M`;
const thousands = (n: number): string => `${(n / 1e3).toFixed(0)} k`;

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

function main(): void {
  const loadBefore = loadavg();
  const started = performance.now();
  const mmc = benchMmc();
  const hold = [1_000, 10_000, 100_000].map(benchHold);
  const versus = benchVersusSimjs();
  const demo = benchDemoHour();
  const loadAfter = loadavg();
  const widths = [52, 16, 16];
  const lines = [
    `Simulator benchmark — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadBefore[0]!.toFixed(2)} → ${loadAfter[0]!.toFixed(2)}`,
    `Medians of ${REPETITIONS} repetitions (the one-hour run: 3). "per wall s" counts elapsed time; "per CPU s" counts this process's CPU time.`,
    '',
    row(['measure', 'per wall s', 'per CPU s'], widths),
    row(['-'.repeat(52), '-'.repeat(16), '-'.repeat(16)], widths),
    row([`M/M/8 shared queue, ρ 0.9, 1M requests: events/s`, millions(mmc.eventsPerSecond.wall), millions(mmc.eventsPerSecond.cpu)], widths),
    ...hold.map((h) => row([`hold model, N = ${h.size.toLocaleString('en')}: events/s`, millions(h.eventsPerSecond.wall), millions(h.eventsPerSecond.cpu)], widths)),
    row([`M/M/1 ρ 0.8, ${versus.requests / 1000}k requests — ours: requests/s`, thousands(versus.ours.wall), thousands(versus.ours.cpu)], widths),
    row([`M/M/1 ρ 0.8, ${versus.requests / 1000}k requests — simjs 2.0.3: requests/s`, thousands(versus.simjs.wall), thousands(versus.simjs.cpu)], widths),
    row(['ratio ours ÷ simjs', `${versus.ratioWall.toFixed(1)}×`, `${versus.ratioCpu.toFixed(1)}×`], widths),
    '',
    `One hour, 1,000 users, 6 endpoints, think 5 s, HPA + health checks + a failure: ${demo.requests.toLocaleString('en')} requests, ${demo.events.toLocaleString('en')} events`,
    `  median ${(demo.medianWallMs / 1000).toFixed(2)} s wall (${demo.wallMs.join(', ')} ms), ${(demo.medianCpuMs / 1000).toFixed(2)} s CPU (${demo.cpuMs.join(', ')} ms)`,
    '',
    'Targets: ≥ 5 M events/s on one core; ≥ 10× simjs requests/s; the one-hour run < 2 s.',
    `  events/s (M/M/8, per CPU s): ${mmc.eventsPerSecond.cpu >= 5e6 ? 'met' : 'NOT met'}; ratio to simjs: ${versus.ratioCpu >= 10 ? 'met' : 'NOT met'}; one-hour run: ${demo.medianWallMs < 2000 ? 'met' : 'NOT met'} (wall), ${demo.medianCpuMs < 2000 ? 'met' : 'NOT met'} (CPU)`,
    `Total benchmark time ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync('.bench', { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage: { before: loadBefore, after: loadAfter },
    repetitions: REPETITIONS,
    units: 'rates per second; "wall" = per elapsed second, "cpu" = per CPU second of this process; medians',
    mmc: { model: 'M/M/8, one shared queue, ρ = 0.9, 1,000,000 requests', ...mmc },
    hold,
    versusSimjs: { model: 'M/M/1, ρ = 0.8, λ = 0.08/ms, μ = 0.1/ms', ...versus },
    demoHour: { model: '1 h, 1,000 users, 6 endpoints, think exp(5 s), least-connections, HPA 60 %, health checks, one failure', ...demo },
  };
  writeFileSync('.bench/simulator.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write('Wrote .bench/simulator.json\n');
}

main();
