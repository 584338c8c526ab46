/**
 * npm run bench:simulator
 * Speed of the scaling simulator: events per second on an M/M/c model and on the hold model
 * (N = 1k, 10k, 100k events always queued; the engine's event queue against a plain binary heap),
 * M/M/1 requests per second against simjs, a minimal event loop and the Lindley recursion in the same process
 * (rotating the order, medians), and a one-hour 1,000-user closed-model run.
 * Prints a table and writes .bench/simulator.json. Rates are given per wall-clock second and per
 * CPU second of this process (the CPU figure is the fairer one on a machine shared with other work).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { EventQueue } from '../src/core/simulator/event-queue.ts';
import { EventHeap } from '../src/core/simulator/heap.ts';
import { LatencyHistogram } from '../src/core/simulator/histogram.ts';
import type { SimulationConfig } from '../src/core/simulator/index.ts';
import { mm1Benchmark, mm8Benchmark, runSimulation } from '../src/core/simulator/index.ts';
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

/** M/M/8 with one shared queue at ρ = 0.9, 1M requests (2M events). */
function benchMmc(): { events: number; eventsPerSecond: Rate } {
  const config = mm8Benchmark(1_000_000);
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

/** What the hold model needs of a future-event list. */
interface EventList {
  push(time: number, kind: number, payload: number): void;
  pop(): boolean;
  topTime: number;
  topKind: number;
  topPayload: number;
}

/** The hold model: N events in the list; pop one, push one at t + Exp(1). */
function holdOnce(list: EventList, size: number, operations: number): void {
  const rng = new Rng(size);
  for (let i = 0; i < size; i++) list.push(rng.exponential(1), 0, i);
  for (let i = 0; i < operations; i++) {
    list.pop();
    list.push(list.topTime + rng.exponential(1), list.topKind, list.topPayload);
  }
}

/** The engine's event queue (A) against the plain binary heap it replaced (B), alternating. */
function benchHold(size: number): { size: number; operations: number; eventsPerSecond: Rate; binaryHeap: Rate } {
  const operations = 2_000_000;
  holdOnce(new EventQueue(size), size, 200_000);
  holdOnce(new EventHeap(size), size, 200_000);
  const queue: Timing[] = [];
  const heap: Timing[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    const runQueue = (): void => void queue.push(timed(() => holdOnce(new EventQueue(size), size, operations)).timing);
    const runHeap = (): void => void heap.push(timed(() => holdOnce(new EventHeap(size), size, operations)).timing);
    if (i % 2 === 0) {
      runQueue();
      runHeap();
    } else {
      runHeap();
      runQueue();
    }
  }
  return { size, operations, eventsPerSecond: rate(operations, queue), binaryHeap: rate(operations, heap) };
}

/**
 * The Lindley recursion for M/M/1 (W₁ = 0, W_{n+1} = max(0, W_n + S_n − A_{n+1})): the waiting
 * time of every request from one service draw and one interarrival draw, the least work any
 * simulator of that model can do. Returns the mean wait so the work cannot be optimised away.
 */
function lindleyMm1(requests: number, meanInterarrivalMs: number, meanServiceMs: number): number {
  const arrivals = new Rng(1, 0);
  const service = new Rng(1, 1);
  let wait = 0;
  let total = 0;
  for (let n = 0; n < requests; n++) {
    total += wait;
    wait = Math.max(0, wait + service.exponential(meanServiceMs) - arrivals.exponential(meanInterarrivalMs));
  }
  return total / requests;
}

/**
 * A minimal discrete-event M/M/1 on this engine's parts: one hand-written loop over the engine's
 * event queue, random streams and latency histogram (arrivals and service completions as events,
 * a FIFO of waiting requests), nothing else. The engine's own loop for one instance with one worker
 * keeps three pending times instead of an event queue, so it can be faster than this. Returns the mean latency.
 */
function minimalLoopMm1(requests: number, meanInterarrivalMs: number, meanServiceMs: number): number {
  const events = new EventQueue(64);
  const arrivals = new Rng(1, 0);
  const service = new Rng(1, 1);
  const arrivedAt = new Float64Array(1 << 16);
  const waiting = new Int32Array(1 << 16);
  const mask = (1 << 16) - 1;
  let head = 0;
  let queued = 0;
  let busy = false;
  let issued = 0;
  const latency = new LatencyHistogram();
  events.push(arrivals.exponential(meanInterarrivalMs), 0, 0);
  while (events.pop()) {
    const now = events.topTime;
    if (events.topKind === 0) {
      const slot = issued++ & mask;
      arrivedAt[slot] = now;
      if (!busy) {
        busy = true;
        events.push(now + service.exponential(meanServiceMs), 1, slot);
      } else waiting[(head + queued++) & mask] = slot;
      if (issued < requests) events.push(now + arrivals.exponential(meanInterarrivalMs), 0, 0);
    } else {
      latency.record(now - arrivedAt[events.topPayload]!);
      if (queued > 0) {
        const next = waiting[head]!;
        head = (head + 1) & mask;
        queued--;
        events.push(now + service.exponential(meanServiceMs), 1, next);
      } else busy = false;
    }
  }
  if (latency.count !== requests) throw new Error(`the minimal loop served ${latency.count} of ${requests}`);
  return latency.mean;
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
  return runSimulation(mm1Benchmark(requests)).requests.completed;
}

/** Ours vs simjs vs the Lindley recursion on the same M/M/1 (ρ = 0.8), rotating which goes first. */
function benchVersusSimjs(): {
  requests: number;
  ours: Rate;
  simjs: Rate;
  lindley: Rate;
  lindleyMeanWaitMs: number;
  minimalLoop: Rate;
  shareOfMinimalLoopCpu: number;
  ratioWall: number;
  ratioCpu: number;
  shareOfLindleyWall: number;
  shareOfLindleyCpu: number;
} {
  const requests = 300_000;
  oursMm1(50_000);
  simjsMm1(50_000, 0.08, 0.1);
  lindleyMm1(50_000, 12.5, 10);
  minimalLoopMm1(50_000, 12.5, 10);
  const ours: Timing[] = [];
  const theirs: Timing[] = [];
  const lindley: Timing[] = [];
  const minimal: Timing[] = [];
  let lindleyMeanWaitMs = 0;
  const runners = [
    (): void => {
      const { value, timing } = timed(() => oursMm1(requests));
      if (value !== requests) throw new Error(`ours served ${value} of ${requests}`);
      ours.push(timing);
    },
    (): void => {
      const { value, timing } = timed(() => simjsMm1(requests, 0.08, 0.1));
      if (value !== requests) throw new Error(`simjs served ${value} of ${requests}`);
      theirs.push(timing);
    },
    (): void => {
      const { value, timing } = timed(() => lindleyMm1(requests, 12.5, 10));
      lindleyMeanWaitMs = value;
      lindley.push(timing);
    },
    (): void => void minimal.push(timed(() => minimalLoopMm1(requests, 12.5, 10)).timing),
  ];
  for (let i = 0; i < REPETITIONS; i++) for (let j = 0; j < runners.length; j++) runners[(i + j) % runners.length]!();
  const oursRate = rate(requests, ours);
  const simjsRate = rate(requests, theirs);
  const lindleyRate = rate(requests, lindley);
  const minimalRate = rate(requests, minimal);
  return {
    requests,
    ours: oursRate,
    simjs: simjsRate,
    lindley: lindleyRate,
    lindleyMeanWaitMs,
    minimalLoop: minimalRate,
    shareOfMinimalLoopCpu: oursRate.cpu / minimalRate.cpu,
    ratioWall: oursRate.wall / simjsRate.wall,
    ratioCpu: oursRate.cpu / simjsRate.cpu,
    shareOfLindleyWall: oursRate.wall / lindleyRate.wall,
    shareOfLindleyCpu: oursRate.cpu / lindleyRate.cpu,
  };
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
    ...hold.flatMap((h) => [
      row([`hold model, N = ${h.size.toLocaleString('en')}: events/s`, millions(h.eventsPerSecond.wall), millions(h.eventsPerSecond.cpu)], widths),
      row([`  same, plain binary heap`, millions(h.binaryHeap.wall), millions(h.binaryHeap.cpu)], widths),
    ]),
    row([`M/M/1 ρ 0.8, ${versus.requests / 1000}k requests — ours: requests/s`, thousands(versus.ours.wall), thousands(versus.ours.cpu)], widths),
    row([`M/M/1 ρ 0.8, ${versus.requests / 1000}k requests — simjs 2.0.3: requests/s`, thousands(versus.simjs.wall), thousands(versus.simjs.cpu)], widths),
    row([`M/M/1 ρ 0.8, ${versus.requests / 1000}k requests — Lindley recursion: requests/s`, thousands(versus.lindley.wall), thousands(versus.lindley.cpu)], widths),
    row([`M/M/1 ρ 0.8, ${versus.requests / 1000}k requests — minimal event loop: requests/s`, thousands(versus.minimalLoop.wall), thousands(versus.minimalLoop.cpu)], widths),
    row(['ratio ours ÷ simjs', `${versus.ratioWall.toFixed(1)}×`, `${versus.ratioCpu.toFixed(1)}×`], widths),
    row(['ours as a share of the minimal event loop', '', `${(versus.shareOfMinimalLoopCpu * 100).toFixed(1)} %`], widths),
    row(['ours as a share of the Lindley recursion', `${(versus.shareOfLindleyWall * 100).toFixed(1)} %`, `${(versus.shareOfLindleyCpu * 100).toFixed(1)} %`], widths),
    `  (Lindley mean wait ${versus.lindleyMeanWaitMs.toFixed(1)} ms; closed form ρ/(μ − λ) = 40 ms)`,
    '',
    `One hour, 1,000 users, 6 endpoints, think 5 s, HPA + health checks + a failure: ${demo.requests.toLocaleString('en')} requests, ${demo.events.toLocaleString('en')} events`,
    `  median ${(demo.medianWallMs / 1000).toFixed(2)} s wall (${demo.wallMs.join(', ')} ms), ${(demo.medianCpuMs / 1000).toFixed(2)} s CPU (${demo.cpuMs.join(', ')} ms)`,
    '',
    'Targets: ≥ 5 M events/s on one core (M/M/8 and the hold model at N = 100,000); ≥ 20× simjs requests/s; the one-hour run < 2 s.',
    `  events/s (M/M/8, per CPU s): ${mmc.eventsPerSecond.cpu >= 5e6 ? 'met' : 'NOT met'}; hold N = 100,000 (per CPU s): ${hold[2]!.eventsPerSecond.cpu >= 5e6 ? 'met' : 'NOT met'}; ratio to simjs: ${versus.ratioCpu >= 20 ? 'met' : 'NOT met'}; one-hour run: ${demo.medianWallMs < 2000 ? 'met' : 'NOT met'} (wall), ${demo.medianCpuMs < 2000 ? 'met' : 'NOT met'} (CPU)`,
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
    versusSimjs: { model: 'M/M/1, ρ = 0.8, λ = 0.08/ms, μ = 0.1/ms; simjs 2.0.3, a minimal event loop and the Lindley recursion in the same run', ...versus },
    demoHour: { model: '1 h, 1,000 users, 6 endpoints, think exp(5 s), least-connections, HPA 60 %, health checks, one failure', ...demo },
  };
  writeFileSync('.bench/simulator.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write('Wrote .bench/simulator.json\n');
}

main();
