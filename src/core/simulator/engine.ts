/**
 * The discrete-event engine. One Simulation holds the whole model state in flat tables (the event
 * heap, the request table, the instances) and advances it event by event. It can run to the end in
 * one call or in slices (advance(n)), which lets a service worker report progress, yield to its
 * message loop and cancel between slices. Same seed and configuration ⇒ same result, bit for bit.
 */
import { ArrivalProcess } from './arrivals.ts';
import { createAutoscaler } from './autoscalers/registry.ts';
import type { Autoscaler, ScalingInput } from './autoscalers/types.ts';
import { createBalancer } from './balancers/registry.ts';
import type { LoadBalancer } from './balancers/types.ts';
import type { SimulationConfig } from './config.ts';
import { SampleBlock } from './distributions.ts';
import { SimulationLimitError } from './errors.ts';
import { recordProbeFailure, recordProbeSuccess } from './health.ts';
import { EventQueue } from './event-queue.ts';
import type { Instance } from './pool.ts';
import { InstancePool } from './pool.ts';
import { REQUEST_ABANDONED, REQUEST_IN_SERVICE, REQUEST_QUEUED, RequestTable } from './requests.ts';
import { RequestDraws } from './request-draws.ts';
import { buildResult } from './result-builder.ts';
import type { ScalingEvent, SimulationResult } from './results.ts';
import { Rng } from './rng.ts';
import {
  OUTCOME_DROP,
  OUTCOME_FAILED,
  OUTCOME_NO_INSTANCE,
  OUTCOME_REFUSED,
  OUTCOME_TIMEOUT,
  RunStats,
} from './stats.ts';
import type { NormalizedConfig } from './validate.ts';
import { validateConfig } from './validate.ts';

// Event kinds. The payload is an index whose table depends on the kind.
const ARRIVAL = 0; // open model: payload unused
const THINK_END = 1; // closed model: payload = user
const SERVICE_DONE = 2; // payload = request slot
const QUEUE_TIMEOUT = 3; // payload = instance
const INSTANCE_READY = 4; // payload = instance
const INSTANCE_FAIL = 5; // payload = instance (failure by rate)
const INSTANCE_RECOVER = 6; // payload = instance
const HEALTH_TICK = 7;
const PROBE_TIMEOUT = 8; // payload = instance
const AUTOSCALE_TICK = 9;
const SERIES_TICK = 10;
const SCHEDULED_FAILURE = 11; // payload = index in failures.schedule

/** Independent random streams, so that changing one part (say the balancer) leaves the others' draws alone. */
const STREAM_ARRIVALS = 0;
const STREAM_SERVICE = 1;
const STREAM_THINK = 2;
const STREAM_ROUTING = 3;
const STREAM_FAILURES = 4;
const STREAM_USERS = 5;
const STREAM_MIX = 6;

/** A simulation run, advanced in slices. */
export class Simulation {
  /** The validated configuration with its defaults. */
  readonly config: NormalizedConfig;
  private clock = 0;
  private processedEvents = 0;
  private readonly heap = new EventQueue(4096);
  private readonly requests = new RequestTable(1024);
  private readonly pool: InstancePool;
  private readonly balancer: LoadBalancer;
  private readonly autoscaler: Autoscaler | null;
  private readonly stats: RunStats;
  private readonly arrivals: ArrivalProcess | null;
  /** Closed model: think times, drawn a block at a time from their own stream. */
  private readonly think: SampleBlock | null;
  private readonly draws: RequestDraws;
  private readonly failureRng: Rng;
  private readonly userRng: Rng;
  private readonly queueCapacity: number;
  private readonly maxRequests: number;
  private readonly queueTimeoutMs: number;
  private readonly warmupMs: number;
  private readonly healthChecked: boolean;
  private readonly scalingEvents: ScalingEvent[] = [];
  private issued = 0;
  private inSystem = 0;
  private finishedRequests = 0;
  private issuing = true;
  /** Whether the run ends once no request is left (else it runs on to durationMs). */
  private endWhenDrained = false;
  private done = false;
  private endMs = 0;
  private lastProgress = 0;
  private bucketStartMs = 0;
  private peakReplicas = 0;
  private wallMs = 0;
  /** The single-instance loop's state, or null when the run takes the general loop (see advanceSingleInstance). */
  private single: SingleInstanceState | null;

  /**
   * Validates the configuration (throws SimulationConfigError / SimulationOverloadError) and sets up the initial state.
   * `options.generalLoop` turns the single-instance loop off (tests compare the two).
   */
  constructor(config: SimulationConfig | NormalizedConfig, options: { generalLoop?: boolean } = {}) {
    this.config = isNormalized(config) ? config : validateConfig(config);
    const c = this.config;
    const seed = c.seed;
    this.failureRng = new Rng(seed, STREAM_FAILURES);
    this.userRng = new Rng(seed, STREAM_USERS);
    this.healthChecked = c.healthCheck !== null;
    this.pool = new InstancePool({
      workers: c.pool.workersPerInstance,
      speedFactor: c.pool.speedFactor,
      speedFactors: c.pool.speedFactors,
      weights: c.pool.weights,
      healthChecked: this.healthChecked,
    });
    this.balancer = createBalancer({ config: c.balancer, rng: new Rng(seed, STREAM_ROUTING) });
    this.autoscaler = c.autoscaler ? createAutoscaler(c.autoscaler) : null;
    this.stats = new RunStats(c.endpoints.length, c.slo.latencyMs, c.bucketMs);
    this.draws = new RequestDraws(
      cumulativeShares(c.endpoints.map((endpoint) => endpoint.weight)),
      c.endpoints.map((endpoint) => endpoint.service),
      new Rng(seed, STREAM_MIX),
      new Rng(seed, STREAM_SERVICE),
    );
    this.queueCapacity = c.pool.queueCapacity;
    this.maxRequests = c.maxRequests;
    this.queueTimeoutMs = c.pool.queueTimeoutMs;
    this.warmupMs = c.warmupMs;
    this.arrivals = c.model.kind === 'open' ? new ArrivalProcess(c.model.arrivals, new Rng(seed, STREAM_ARRIVALS)) : null;
    this.think = c.model.kind === 'closed' ? new SampleBlock(c.model.thinkTime, new Rng(seed, STREAM_THINK)) : null;
    this.startInstances();
    this.scheduleWorkload();
    this.scheduleHousekeeping();
    this.single = !options.generalLoop && singleInstanceModel(c) ? this.takeSingleInstanceEvents() : null;
  }

  /** Simulated time, ms. */
  get now(): number {
    return this.clock;
  }

  /** Events processed so far. */
  get events(): number {
    return this.processedEvents;
  }

  /** True once the run has ended (horizon reached, or every request finished). */
  get finished(): boolean {
    return this.done;
  }

  /** Fraction of the run done, in [0, 1]; never decreases. */
  get progress(): number {
    if (this.done) return 1;
    const c = this.config;
    const byTime = Number.isFinite(c.durationMs) ? this.clock / c.durationMs : 0;
    const byRequests = Number.isFinite(c.maxRequests) ? this.finishedRequests / c.maxRequests : 0;
    this.lastProgress = Math.max(this.lastProgress, Math.min(0.999999, Math.max(byTime, byRequests)));
    return this.lastProgress;
  }

  /**
   * Processes up to maxEvents events; returns true when the run has ended.
   * Throws SimulationLimitError when config.maxEvents is reached first.
   */
  advance(maxEvents: number): boolean {
    if (this.done) return true;
    const started = performance.now();
    const limit = Math.min(maxEvents, this.config.maxEvents - this.processedEvents);
    const single = this.single;
    let processed = single === null ? 0 : single.workers === 1 ? this.advanceSingleInstance(single, limit) : this.advanceSingleInstanceWorkers(single, limit);
    if (!this.done && processed < limit) processed += this.advanceGeneral(limit - processed);
    this.processedEvents += processed;
    this.wallMs += performance.now() - started;
    if (!this.done && this.processedEvents >= this.config.maxEvents) throw new SimulationLimitError(this.config.maxEvents, this.clock);
    return this.done;
  }

  /** Processes up to limit events of any kind; returns how many. */
  private advanceGeneral(limit: number): number {
    const heap = this.heap;
    const horizon = this.config.durationMs;
    let processed = 0;
    while (processed < limit) {
      if (!heap.pop()) {
        this.finish(this.clock);
        break;
      }
      const time = heap.topTime;
      if (time > horizon) {
        this.finish(horizon);
        break;
      }
      this.clock = time;
      processed++;
      this.dispatch(heap.topKind, heap.topPayload);
      if (this.endWhenDrained && this.inSystem === 0) {
        this.finish(this.clock);
        break;
      }
    }
    return processed;
  }

  /** The single-instance loop starts from the events the constructor scheduled: the first arrival and the first series tick. */
  private takeSingleInstanceEvents(): SingleInstanceState {
    const state = new SingleInstanceState(this.config.pool.workersPerInstance);
    while (this.heap.pop()) {
      if (this.heap.topKind === ARRIVAL) state.nextArrival = this.heap.topTime;
      else state.nextTick = this.heap.topTime;
    }
    return state;
  }

  /**
   * advanceGeneral for an open model on one instance with one worker and no autoscaler, health
   * checks, failures or queue timeouts (M/M/1 and kin). The instance stays ready and up, so every
   * balancer picks it (a balancer's own state and random stream show in no result), the queue is
   * FIFO, and the only events are the next arrival, the one service completion and the next
   * series tick: three times instead of an event queue. Each event takes the same steps as
   * issueRequest / onServiceDone / onSeriesTick, in the same order, with the same arithmetic, so
   * the result is the same to the bit. The one thing the queue decides that three times cannot is
   * the order of events at the same time (heap order): at such a tie the run is replayed in the
   * general loop up to this point and goes on there. Returns the events processed.
   */
  private advanceSingleInstance(state: SingleInstanceState, limit: number): number {
    const horizon = this.config.durationMs;
    const draws = this.draws;
    const stats = this.stats;
    const arrivals = this.arrivals!;
    const gaps = arrivals.constantGaps;
    const instance = this.pool.instances[0]!;
    const speed = instance.speed;
    const queueCapacity = this.queueCapacity;
    const warmupMs = this.warmupMs;
    const maxRequests = this.maxRequests;
    const bucketMs = this.config.bucketMs;
    let nextArrival = state.nextArrival;
    let nextDone = state.nextDone;
    let nextTick = state.nextTick;
    let serviceStart = state.serviceStart;
    // Requests on the instance in arrival order; while one is in service it is the first.
    let fifoArrival = state.arrival;
    let fifoEndpoint = state.endpoint;
    let fifoDuration = state.duration;
    let mask = fifoArrival.length - 1;
    let head = state.head;
    /** Requests on the instance, which is also inSystem (a dropped request leaves at once). */
    let count = state.count;
    let issued = this.issued;
    let finished = this.finishedRequests;
    let served = instance.served;
    let clock = this.clock;
    let processed = 0;
    while (processed < limit) {
      if (nextArrival < nextDone && nextArrival < nextTick && nextArrival <= horizon) {
        // issueRequest, then scheduleNextArrival.
        const now = nextArrival;
        clock = now;
        processed++;
        const drawn = draws.take();
        const endpoint = draws.endpoint[drawn]!;
        // The time on this instance (startService's quotient), taken here, off the completions' path.
        const duration = draws.service[drawn]! / speed;
        issued++;
        if (count === 0) {
          instance.accountFor(now, 0, 0);
          serviceStart = now;
          nextDone = now + duration;
        } else instance.accountFor(now, 1, count - 1);
        if (count === 0 || count - 1 < queueCapacity) {
          if (count === mask + 1) {
            state.grow(head, count);
            fifoArrival = state.arrival;
            fifoEndpoint = state.endpoint;
            fifoDuration = state.duration;
            mask = fifoArrival.length - 1;
            head = 0;
          }
          const tail = (head + count) & mask;
          fifoArrival[tail] = now;
          fifoEndpoint[tail] = endpoint;
          fifoDuration[tail] = duration;
          count++;
        } else {
          instance.drops++;
          stats.recordFailure(endpoint, OUTCOME_DROP, now >= warmupMs);
          finished++;
        }
        nextArrival = issued >= maxRequests ? Infinity : gaps !== null ? now + gaps.next() : arrivals.next(now);
        if (nextArrival === Infinity) {
          this.issued = issued;
          this.stopIssuing();
        }
        // A request is on the instance now, so the run cannot have drained.
      } else if (nextDone < nextArrival && nextDone < nextTick && nextDone <= horizon) {
        // onServiceDone, then the next request's startService.
        const now = nextDone;
        clock = now;
        processed++;
        instance.accountFor(now, 1, count - 1);
        served++;
        const arrival = fifoArrival[head]!;
        const latency = now - arrival;
        stats.recordSuccess(fifoEndpoint[head]!, latency, serviceStart - arrival, arrival >= warmupMs);
        head = (head + 1) & mask;
        count--;
        finished++;
        if (count > 0) {
          serviceStart = now;
          nextDone = now + fifoDuration[head]!;
        } else {
          nextDone = Infinity;
          if (this.endWhenDrained) {
            this.syncSingleInstance(clock, issued, finished, count, served);
            this.finish(now);
            break;
          }
        }
      } else {
        // The series tick, the horizon, or two events at the same time.
        const next = Math.min(nextArrival, nextDone, nextTick);
        this.syncSingleInstance(clock, issued, finished, count, served);
        if (next > horizon) {
          instance.accountFor(Math.max(this.clock, horizon), count > 0 ? 1 : 0, count > 0 ? count - 1 : 0);
          this.finish(horizon);
          break;
        }
        if ((nextArrival === next ? 1 : 0) + (nextDone === next ? 1 : 0) + (nextTick === next ? 1 : 0) > 1) {
          this.replayInGeneralLoop(processed);
          return processed;
        }
        this.clock = clock = next;
        processed++;
        instance.accountFor(next, count > 0 ? 1 : 0, count > 0 ? count - 1 : 0);
        this.closeSeriesBucket();
        nextTick = next + bucketMs;
        if (this.endWhenDrained && count === 0) {
          this.finish(next);
          break;
        }
      }
    }
    this.syncSingleInstance(clock, issued, finished, count, served);
    state.save(nextArrival, nextDone, nextTick, serviceStart, head, count);
    return processed;
  }

  /** Writes the single-instance loops' counters back where the rest of the engine reads them (`count` = requests on the instance). */
  private syncSingleInstance(clock: number, issued: number, finished: number, count: number, served: number, busy = count > 0 ? 1 : 0): void {
    this.clock = clock;
    this.issued = issued;
    this.finishedRequests = finished;
    this.inSystem = count;
    const instance = this.pool.instances[0]!;
    instance.served = served;
    instance.busy = busy;
  }

  /**
   * advanceSingleInstance for an instance with several workers (M/M/c and kin), under the same
   * conditions. A request starts on a free worker or waits in the FIFO (or is dropped when it is
   * full); the workers' completion times are a short array scanned for the earliest, and a tie
   * between two of them (which the event queue would order) hands over to the general loop like
   * any other tie. The steps are issueRequest / onServiceDone / onSeriesTick's, in their order.
   */
  private advanceSingleInstanceWorkers(state: SingleInstanceState, limit: number): number {
    const horizon = this.config.durationMs;
    const draws = this.draws;
    const stats = this.stats;
    const arrivals = this.arrivals!;
    const gaps = arrivals.constantGaps;
    const instance = this.pool.instances[0]!;
    const speed = instance.speed;
    const workers = state.workers;
    const queueCapacity = this.queueCapacity;
    const warmupMs = this.warmupMs;
    const maxRequests = this.maxRequests;
    const bucketMs = this.config.bucketMs;
    // Workers 0..busy-1 serve a request each: when it is done, its arrival and service start, its endpoint.
    const doneAt = state.workerDone;
    const arrivalOf = state.workerArrival;
    const startOf = state.workerStart;
    const endpointOf = state.workerEndpoint;
    let busy = state.busy;
    let nextArrival = state.nextArrival;
    let nextTick = state.nextTick;
    // The earliest completion, its worker, and whether another worker finishes at that same time;
    // found again by a scan of the busy workers after each completion (`rescan`).
    let nextDone = Infinity;
    let doneWorker = 0;
    let doneTie = false;
    let rescan = true;
    // Requests waiting for a worker, in arrival order.
    let fifoArrival = state.arrival;
    let fifoEndpoint = state.endpoint;
    let fifoDuration = state.duration;
    let mask = fifoArrival.length - 1;
    let head = state.head;
    let waiting = state.count;
    let issued = this.issued;
    let finished = this.finishedRequests;
    let served = instance.served;
    let clock = this.clock;
    let processed = 0;
    while (processed < limit) {
      if (rescan) {
        nextDone = Infinity;
        doneTie = false;
        for (let w = 0; w < busy; w++) {
          const t = doneAt[w]!;
          if (t < nextDone) {
            nextDone = t;
            doneWorker = w;
            doneTie = false;
          } else if (t === nextDone) doneTie = true;
        }
        rescan = false;
      }
      if (nextArrival < nextDone && nextArrival < nextTick && nextArrival <= horizon) {
        // issueRequest, then scheduleNextArrival.
        const now = nextArrival;
        clock = now;
        processed++;
        const drawn = draws.take();
        const endpoint = draws.endpoint[drawn]!;
        const duration = draws.service[drawn]! / speed;
        issued++;
        instance.accountFor(now, busy, waiting);
        if (busy < workers) {
          const done = now + duration;
          doneAt[busy] = done;
          arrivalOf[busy] = now;
          startOf[busy] = now;
          endpointOf[busy] = endpoint;
          if (done < nextDone) {
            nextDone = done;
            doneWorker = busy;
            doneTie = false;
          } else if (done === nextDone) doneTie = true;
          busy++;
        } else if (waiting < queueCapacity) {
          if (waiting === mask + 1) {
            state.grow(head, waiting);
            fifoArrival = state.arrival;
            fifoEndpoint = state.endpoint;
            fifoDuration = state.duration;
            mask = fifoArrival.length - 1;
            head = 0;
          }
          const tail = (head + waiting) & mask;
          fifoArrival[tail] = now;
          fifoEndpoint[tail] = endpoint;
          fifoDuration[tail] = duration;
          waiting++;
        } else {
          instance.drops++;
          stats.recordFailure(endpoint, OUTCOME_DROP, now >= warmupMs);
          finished++;
        }
        nextArrival = issued >= maxRequests ? Infinity : gaps !== null ? now + gaps.next() : arrivals.next(now);
        if (nextArrival === Infinity) {
          this.issued = issued;
          this.stopIssuing();
        }
        // A request is on the instance now (a dropped one found every worker busy), so the run cannot have drained.
      } else if (!doneTie && nextDone < nextArrival && nextDone < nextTick && nextDone <= horizon) {
        // onServiceDone, then the next waiting request's startService on the worker it frees.
        const now = nextDone;
        clock = now;
        processed++;
        instance.accountFor(now, busy, waiting);
        served++;
        const w = doneWorker;
        const arrival = arrivalOf[w]!;
        stats.recordSuccess(endpointOf[w]!, now - arrival, startOf[w]! - arrival, arrival >= warmupMs);
        finished++;
        if (waiting > 0) {
          doneAt[w] = now + fifoDuration[head]!;
          arrivalOf[w] = fifoArrival[head]!;
          startOf[w] = now;
          endpointOf[w] = fifoEndpoint[head]!;
          head = (head + 1) & mask;
          waiting--;
        } else {
          // The last busy worker takes this one's place, so workers 0..busy-1 stay the busy ones.
          busy--;
          doneAt[w] = doneAt[busy]!;
          arrivalOf[w] = arrivalOf[busy]!;
          startOf[w] = startOf[busy]!;
          endpointOf[w] = endpointOf[busy]!;
        }
        rescan = true;
        if (busy === 0 && this.endWhenDrained) {
          this.syncSingleInstance(clock, issued, finished, 0, served, 0);
          this.finish(now);
          break;
        }
      } else {
        // The series tick, the horizon, or two events at the same time.
        const next = Math.min(nextArrival, nextDone, nextTick);
        this.syncSingleInstance(clock, issued, finished, busy + waiting, served, busy);
        if (next > horizon) {
          instance.accountFor(Math.max(this.clock, horizon), busy, waiting);
          this.finish(horizon);
          break;
        }
        if ((nextArrival === next ? 1 : 0) + (nextDone === next ? (doneTie ? 2 : 1) : 0) + (nextTick === next ? 1 : 0) > 1) {
          this.replayInGeneralLoop(processed);
          return processed;
        }
        this.clock = clock = next;
        processed++;
        instance.accountFor(next, busy, waiting);
        this.closeSeriesBucket();
        nextTick = next + bucketMs;
        if (this.endWhenDrained && busy === 0) {
          this.finish(next);
          break;
        }
      }
    }
    this.syncSingleInstance(clock, issued, finished, busy + waiting, served, busy);
    state.busy = busy;
    state.save(nextArrival, Infinity, nextTick, 0, head, waiting);
    return processed;
  }

  /**
   * Leaves the single-instance loop: a fresh run in the general loop is advanced by the events
   * this one has processed (its state is then the same, its event queue holding the same events)
   * and takes this one's place. `processedNow` = events of the current slice not yet counted.
   */
  private replayInGeneralLoop(processedNow: number): void {
    const general = new Simulation(this.config, { generalLoop: true });
    general.advance(this.processedEvents + processedNow);
    general.processedEvents = this.processedEvents;
    general.wallMs = this.wallMs;
    general.lastProgress = this.lastProgress;
    Object.assign(this, general);
  }

  /** The result; call once finished (before, it describes the run so far). */
  result(): SimulationResult {
    const end = this.done ? this.endMs : this.clock;
    const endpoints = this.config.endpoints.length;
    const single = this.single;
    this.stats.settleIssued(single !== null ? single.inFlightByEndpoint(endpoints, this.warmupMs) : this.requests.inFlightByEndpoint(endpoints, this.warmupMs));
    return buildResult({
      config: this.config,
      stats: this.stats,
      instances: this.pool.instances,
      scalingEvents: this.scalingEvents,
      peakReplicas: this.peakReplicas,
      finalReplicas: this.pool.replicas().length,
      endMs: end,
      events: this.processedEvents,
      wallMs: this.wallMs,
    });
  }

  private dispatch(kind: number, payload: number): void {
    switch (kind) {
      case SERVICE_DONE:
        this.onServiceDone(payload);
        break;
      case ARRIVAL:
        this.onArrival();
        break;
      case THINK_END:
        if (this.issuing) this.issueRequest(payload);
        break;
      case QUEUE_TIMEOUT:
        this.onQueueTimeout(this.instance(payload));
        break;
      case INSTANCE_READY:
        this.makeReady(this.instance(payload));
        break;
      case INSTANCE_FAIL:
        this.failInstance(this.instance(payload), this.failureRng.exponential(this.config.failures.rate?.meanTimeToRecoverMs ?? 0));
        break;
      case INSTANCE_RECOVER:
        this.recoverInstance(this.instance(payload));
        break;
      case HEALTH_TICK:
        this.onHealthTick();
        break;
      case PROBE_TIMEOUT:
        this.onProbeTimeout(this.instance(payload));
        break;
      case AUTOSCALE_TICK:
        this.onAutoscaleTick();
        break;
      case SERIES_TICK:
        this.onSeriesTick();
        break;
      case SCHEDULED_FAILURE:
        this.onScheduledFailure(payload);
        break;
    }
  }

  private instance(index: number): Instance {
    return this.pool.instances[index]!;
  }

  // ── Set-up ────────────────────────────────────────────────────────────────

  private startInstances(): void {
    // One refresh of the eligible set for the whole pool: refreshing per instance made start-up quadratic.
    for (let i = 0; i < this.config.pool.instances; i++) this.makeReady(this.pool.add(0), false);
    this.pool.refresh();
    this.peakReplicas = this.config.pool.instances;
  }

  private scheduleWorkload(): void {
    const model = this.config.model;
    if (model.kind === 'open') {
      this.scheduleNextArrival();
      return;
    }
    for (let user = 0; user < model.users; user++) this.heap.push(this.think!.next(), THINK_END, user);
  }

  private scheduleHousekeeping(): void {
    const c = this.config;
    this.heap.push(c.bucketMs, SERIES_TICK, 0);
    if (c.healthCheck) this.heap.push(c.healthCheck.intervalMs, HEALTH_TICK, 0);
    if (this.autoscaler) this.heap.push(this.autoscaler.periodMs, AUTOSCALE_TICK, 0);
    c.failures.schedule.forEach((failure, i) => this.heap.push(failure.atMs, SCHEDULED_FAILURE, i));
  }

  // ── Requests ──────────────────────────────────────────────────────────────

  private onArrival(): void {
    // Open-model users matter only to a balancer keyed by user; the draw has its own stream.
    this.issueRequest(this.balancer.keyedByUser ? Math.floor(this.userRng.next() * this.config.model.users) : 0);
    if (this.issuing) this.scheduleNextArrival();
  }

  /** Schedules the first arrival after now (no time argument: a double passed to a call that is not inlined is boxed). */
  private scheduleNextArrival(): void {
    const next = this.arrivals!.next(this.clock);
    if (next === Infinity) this.stopIssuing();
    else this.heap.push(next, ARRIVAL, 0);
  }

  /** A user sends a request: choose endpoint and instance, then serve, queue, or fail it. */
  private issueRequest(user: number): void {
    const requests = this.requests;
    const now = this.clock;
    const slot = requests.alloc();
    const draws = this.draws;
    const drawn = draws.take();
    const endpoint = draws.endpoint[drawn]!;
    requests.endpoint[slot] = endpoint;
    requests.user[slot] = user;
    requests.arrival[slot] = now;
    requests.service[slot] = draws.service[drawn]!;
    this.inSystem++;
    if (++this.issued >= this.maxRequests) this.stopIssuing();
    const target = this.balancer.pick(this.pool, user, now);
    requests.instance[slot] = target;
    const instance = target < 0 ? null : this.pool.instances[target]!;
    if (instance === null || !instance.up) {
      this.turnAway(slot, instance);
      return;
    }
    instance.account(now);
    if (instance.busy < instance.workers) this.startService(instance, slot);
    else this.enqueueOrDrop(instance, slot);
  }

  /** No instance was eligible, or the one picked is down. Kept out of issueRequest so that stays small enough to inline. */
  private turnAway(slot: number, instance: Instance | null): void {
    if (instance === null) {
      this.endRequest(slot, OUTCOME_NO_INSTANCE);
      return;
    }
    instance.refused++;
    this.endRequest(slot, OUTCOME_REFUSED);
  }

  /** Every worker is busy: wait in the queue, or be dropped when it is full. */
  private enqueueOrDrop(instance: Instance, slot: number): void {
    if (instance.queue.length < this.queueCapacity) this.enqueue(instance, slot);
    else {
      instance.drops++;
      this.endRequest(slot, OUTCOME_DROP);
    }
  }

  /**
   * No more requests will be issued. The run then ends when the last one finishes if maxRequests
   * were issued or there is no durationMs; otherwise it goes on to durationMs (so a load that stops
   * still shows the pool scaling down).
   */
  private stopIssuing(): void {
    this.issuing = false;
    this.endWhenDrained = this.issued >= this.config.maxRequests || !Number.isFinite(this.config.durationMs);
  }

  /** Gives a request a worker (the caller has accounted the instance). */
  private startService(instance: Instance, slot: number): void {
    const requests = this.requests;
    instance.busy++;
    requests.state[slot] = REQUEST_IN_SERVICE;
    requests.start[slot] = this.clock;
    this.heap.push(this.clock + requests.service[slot]! / instance.speed, SERVICE_DONE, slot);
  }

  private enqueue(instance: Instance, slot: number): void {
    this.requests.state[slot] = REQUEST_QUEUED;
    instance.queue.push(slot);
    this.armQueueTimeout(instance);
  }

  private onServiceDone(slot: number): void {
    const requests = this.requests;
    if (requests.state[slot] === REQUEST_ABANDONED) {
      requests.release(slot);
      return;
    }
    const now = this.clock;
    const instance = this.pool.instances[requests.instance[slot]!]!;
    instance.account(now);
    instance.busy--;
    instance.served++;
    const arrival = requests.arrival[slot]!;
    const latency = now - arrival;
    if (this.balancer.observesLatency) this.balancer.observe(instance.index, latency, now);
    this.stats.recordSuccess(requests.endpoint[slot]!, latency, requests.start[slot]! - arrival, arrival >= this.warmupMs);
    const user = requests.user[slot]!;
    requests.release(slot);
    this.inSystem--;
    this.finishedRequests++;
    this.userDone(user);
    if (instance.queue.length > 0) this.startService(instance, instance.queue.shift());
    else if (instance.busy === 0 && instance.state === 'draining') this.terminate(instance);
  }

  /** Ends a request that got no answer and frees its slot. */
  private endRequest(slot: number, outcome: number): void {
    this.countUnanswered(slot, outcome);
    this.requests.release(slot);
  }

  /** Counts a request that got no answer and lets its user go on (its slot stays with the caller). */
  private countUnanswered(slot: number, outcome: number): void {
    const requests = this.requests;
    this.stats.recordFailure(requests.endpoint[slot]!, outcome, requests.arrival[slot]! >= this.warmupMs);
    this.inSystem--;
    this.finishedRequests++;
    this.userDone(requests.user[slot]!);
  }

  /** Closed model: the user thinks, then sends the next request. */
  private userDone(user: number): void {
    const think = this.think;
    if (think !== null && this.issuing) this.heap.push(this.clock + think.next(), THINK_END, user);
  }

  // ── Queue timeouts: one pending event per instance, for the oldest waiting request ──

  private armQueueTimeout(instance: Instance): void {
    if (this.queueTimeoutMs === Infinity || instance.timeoutArmed || instance.queue.length === 0) return;
    instance.timeoutArmed = true;
    this.heap.push(this.requests.arrival[instance.queue.peek()]! + this.queueTimeoutMs, QUEUE_TIMEOUT, instance.index);
  }

  private onQueueTimeout(instance: Instance): void {
    instance.timeoutArmed = false;
    const queue = instance.queue;
    if (queue.length === 0) return;
    instance.account(this.clock);
    const arrival = this.requests.arrival;
    while (queue.length > 0 && arrival[queue.peek()]! + this.queueTimeoutMs <= this.clock) {
      instance.timeouts++;
      this.endRequest(queue.shift(), OUTCOME_TIMEOUT);
    }
    this.armQueueTimeout(instance);
    if (instance.state === 'draining' && instance.outstanding === 0) this.terminate(instance);
  }

  // ── Instances: readiness, failure, recovery, termination ─────────────────

  /** `refresh` false when the caller readies many instances and refreshes the pool once after. */
  private makeReady(instance: Instance, refresh = true): void {
    if (instance.state !== 'provisioning') return;
    instance.account(this.clock);
    instance.state = 'ready';
    instance.readyAtMs = this.clock;
    instance.scaleTickAtMs = this.clock;
    instance.busyAreaAtScaleTick = instance.busyArea;
    if (refresh) this.pool.refresh();
    this.scheduleRateFailure(instance);
  }

  private scheduleRateFailure(instance: Instance): void {
    const rate = this.config.failures.rate;
    if (rate) this.heap.push(this.clock + this.failureRng.exponential(rate.meanTimeBetweenFailuresMs), INSTANCE_FAIL, instance.index);
  }

  private onScheduledFailure(index: number): void {
    const failure = this.config.failures.schedule[index]!;
    const instance = this.pool.instances[failure.instance];
    if (instance) this.failInstance(instance, failure.durationMs);
  }

  /** The instance goes down for downMs: everything on it fails, and its users are told at once. */
  private failInstance(instance: Instance, downMs: number): void {
    if (!instance.up || (instance.state !== 'ready' && instance.state !== 'draining')) return;
    instance.account(this.clock);
    instance.up = false;
    instance.downSinceMs = this.clock;
    this.abandonInService(instance);
    while (instance.queue.length > 0) {
      instance.failedRequests++;
      this.endRequest(instance.queue.shift(), OUTCOME_FAILED);
    }
    if (!this.healthChecked) this.pool.refresh();
    this.heap.push(this.clock + downMs, INSTANCE_RECOVER, instance.index);
    if (instance.state === 'draining') this.terminate(instance);
  }

  /** Requests in service on a failing instance fail now; their slots are freed when their service-done events fire. */
  private abandonInService(instance: Instance): void {
    const requests = this.requests;
    for (let slot = 0; slot < requests.used && instance.busy > 0; slot++) {
      if (requests.state[slot] !== REQUEST_IN_SERVICE || requests.instance[slot] !== instance.index) continue;
      requests.state[slot] = REQUEST_ABANDONED;
      instance.busy--;
      instance.failedRequests++;
      this.countUnanswered(slot, OUTCOME_FAILED);
    }
  }

  private recoverInstance(instance: Instance): void {
    if (instance.up || !instance.alive) return;
    instance.account(this.clock);
    instance.up = true;
    instance.downtimeMs += this.clock - instance.downSinceMs;
    instance.probeSuccesses = 0;
    if (!this.healthChecked) this.pool.refresh();
    this.scheduleRateFailure(instance);
  }

  private terminate(instance: Instance): void {
    if (!instance.alive) return;
    instance.account(this.clock);
    if (!instance.up) instance.downtimeMs += this.clock - instance.downSinceMs;
    instance.state = 'terminated';
    instance.stoppedAtMs = this.clock;
    this.pool.refresh();
  }

  // ── Health checks ─────────────────────────────────────────────────────────

  private onHealthTick(): void {
    const config = this.config.healthCheck!;
    let changed = false;
    for (const instance of this.pool.instances) {
      if (instance.state !== 'ready' && instance.state !== 'draining') continue;
      if (instance.up) changed = recordProbeSuccess(instance, config) || changed;
      else this.heap.push(this.clock + config.timeoutMs, PROBE_TIMEOUT, instance.index);
    }
    if (changed) this.pool.refresh();
    this.heap.push(this.clock + config.intervalMs, HEALTH_TICK, 0);
  }

  private onProbeTimeout(instance: Instance): void {
    if (!instance.alive) return;
    if (recordProbeFailure(instance, this.config.healthCheck!)) this.pool.refresh();
  }

  // ── Autoscaling ───────────────────────────────────────────────────────────

  private onAutoscaleTick(): void {
    const autoscaler = this.autoscaler!;
    const input = this.measureUtilization(autoscaler.warmupMs);
    const decision = autoscaler.recommend(input);
    if (decision.desiredReplicas !== input.currentReplicas) this.scaleTo(input.currentReplicas, decision.desiredReplicas, decision.reason);
    this.heap.push(this.clock + autoscaler.periodMs, AUTOSCALE_TICK, 0);
  }

  /** Average worker utilization since the last tick over ready, up instances past their warm-up. */
  private measureUtilization(warmupMs: number): ScalingInput {
    const now = this.clock;
    let current = 0;
    let measured = 0;
    let sum = 0;
    for (const instance of this.pool.instances) {
      if (instance.state !== 'provisioning' && instance.state !== 'ready') continue;
      current++;
      instance.account(now);
      const spanMs = now - Math.max(instance.scaleTickAtMs, instance.readyAtMs);
      const busy = instance.busyArea - instance.busyAreaAtScaleTick;
      instance.busyAreaAtScaleTick = instance.busyArea;
      instance.scaleTickAtMs = now;
      const measurable = instance.state === 'ready' && instance.up && spanMs > 0 && now - instance.readyAtMs >= warmupMs;
      if (!measurable) continue;
      measured++;
      sum += busy / (instance.workers * spanMs);
    }
    return {
      nowMs: now,
      currentReplicas: current,
      measuredReplicas: measured,
      unmeasuredReplicas: current - measured,
      utilizationPercent: measured > 0 ? (100 * sum) / measured : NaN,
    };
  }

  /** Adds instances (after the provisioning delay) or removes them (not ready ones first, then the newest, drained). */
  private scaleTo(current: number, desired: number, reason: string): void {
    this.scalingEvents.push({ atMs: this.clock, from: current, to: desired, reason });
    if (desired > current) this.addInstances(desired - current);
    else this.removeInstances(current - desired);
    this.peakReplicas = Math.max(this.peakReplicas, desired);
  }

  private addInstances(count: number): void {
    const delay = this.config.pool.provisioningDelayMs;
    for (let k = 0; k < count; k++) {
      const instance = this.pool.add(this.clock);
      if (delay === 0) this.makeReady(instance, false);
      else this.heap.push(this.clock + delay, INSTANCE_READY, instance.index);
    }
    if (delay === 0) this.pool.refresh();
  }

  private removeInstances(count: number): void {
    // Like a ReplicaSet scaling down: pods not ready go first, then the most recently created.
    const replicas = this.pool.replicas().reverse();
    const order = [
      ...replicas.filter((i) => i.state === 'provisioning'),
      ...replicas.filter((i) => i.state === 'ready' && !i.up),
      ...replicas.filter((i) => i.state === 'ready' && i.up),
    ];
    for (const instance of order.slice(0, count)) {
      if (instance.state === 'provisioning' || instance.outstanding === 0) this.terminate(instance);
      else {
        instance.account(this.clock);
        instance.state = 'draining';
      }
    }
    this.pool.refresh();
  }

  // ── Time series and the end ───────────────────────────────────────────────

  private onSeriesTick(): void {
    this.closeSeriesBucket();
    this.heap.push(this.clock + this.config.bucketMs, SERIES_TICK, 0);
  }

  private closeSeriesBucket(): void {
    this.stats.closeBucket(this.bucketStartMs, this.clock - this.bucketStartMs, this.pool.instances, this.clock, this.issued);
    this.bucketStartMs = this.clock;
  }

  private finish(endMs: number): void {
    this.clock = Math.max(this.clock, endMs);
    this.endMs = this.clock;
    if (this.clock > this.bucketStartMs) this.stats.closeBucket(this.bucketStartMs, this.clock - this.bucketStartMs, this.pool.instances, this.clock, this.issued);
    for (const instance of this.pool.instances) instance.account(this.clock);
    this.done = true;
    this.lastProgress = 1;
  }
}

function isNormalized(config: SimulationConfig | NormalizedConfig): config is NormalizedConfig {
  return Array.isArray((config as NormalizedConfig).endpoints) && typeof (config as NormalizedConfig).bucketMs === 'number';
}

/** Cumulative shares of weights, the last exactly 1. */
function cumulativeShares(weights: number[]): Float64Array {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const shares = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((weight, i) => {
    running += weight;
    shares[i] = running / total;
  });
  shares[weights.length - 1] = 1;
  return shares;
}

/** Most workers the multi-worker single-instance loop scans for the next completion; more take the general loop's event queue. */
const SCANNED_WORKERS = 32;

/** Whether a run can take a single-instance loop (see Simulation.advanceSingleInstance and advanceSingleInstanceWorkers). */
function singleInstanceModel(c: NormalizedConfig): boolean {
  return (
    c.model.kind === 'open' &&
    c.pool.instances === 1 &&
    c.pool.workersPerInstance <= SCANNED_WORKERS &&
    c.autoscaler === null &&
    c.healthCheck === null &&
    c.failures.rate === null &&
    c.failures.schedule.length === 0 &&
    c.pool.queueTimeoutMs === Infinity
  );
}

/**
 * A single-instance loop's pending times and its FIFO (a ring of typed arrays), kept between
 * slices. With one worker the ring holds every request on the instance, the one in service first;
 * with several it holds the waiting ones, and each busy worker's request is in the worker arrays.
 */
class SingleInstanceState {
  /** Workers 0..busy-1 serve a request each (several-worker loop only). */
  busy = 0;
  readonly workerDone: Float64Array;
  readonly workerArrival: Float64Array;
  readonly workerStart: Float64Array;
  readonly workerEndpoint: Int32Array;
  nextArrival = Infinity;
  nextDone = Infinity;
  nextTick = Infinity;
  serviceStart = 0;
  arrival = new Float64Array(256);
  endpoint = new Int32Array(256);
  /** Service time on the instance, ms. */
  duration = new Float64Array(256);
  head = 0;
  count = 0;

  constructor(
    /** Workers of the instance. */
    readonly workers: number,
  ) {
    this.workerDone = new Float64Array(workers);
    this.workerArrival = new Float64Array(workers);
    this.workerStart = new Float64Array(workers);
    this.workerEndpoint = new Int32Array(workers);
  }

  save(nextArrival: number, nextDone: number, nextTick: number, serviceStart: number, head: number, count: number): void {
    this.nextArrival = nextArrival;
    this.nextDone = nextDone;
    this.nextTick = nextTick;
    this.serviceStart = serviceStart;
    this.head = head;
    this.count = count;
  }

  /** Doubles the ring (full: count === its length), its requests moved to the front. */
  grow(head: number, count: number): void {
    const mask = this.arrival.length - 1;
    const arrival = new Float64Array(count * 2);
    const endpoint = new Int32Array(count * 2);
    const duration = new Float64Array(count * 2);
    for (let i = 0; i < count; i++) {
      const k = (head + i) & mask;
      arrival[i] = this.arrival[k]!;
      endpoint[i] = this.endpoint[k]!;
      duration[i] = this.duration[k]!;
    }
    this.arrival = arrival;
    this.endpoint = endpoint;
    this.duration = duration;
    this.head = 0;
  }

  /** Per endpoint, requests on the instance issued at or after fromMs (as RequestTable.inFlightByEndpoint). */
  inFlightByEndpoint(endpoints: number, fromMs: number): Int32Array {
    const counts = new Int32Array(endpoints);
    const mask = this.arrival.length - 1;
    for (let i = 0; i < this.count; i++) {
      const k = (this.head + i) & mask;
      if (this.arrival[k]! >= fromMs) counts[this.endpoint[k]!]!++;
    }
    for (let w = 0; w < this.busy; w++) if (this.workerArrival[w]! >= fromMs) counts[this.workerEndpoint[w]!]!++;
    return counts;
  }
}
