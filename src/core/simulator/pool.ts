/**
 * The server pool: instances, each with workers (concurrency), a FIFO queue (bounded or not) and a
 * speed factor, and the list of instances a balancer may pick (ready and, as far as the health
 * checks know, healthy).
 */
import type { BalancedInstance, BalancerView } from './balancers/types.ts';

/** provisioning → ready → (draining →) terminated. */
export type InstanceState = 'provisioning' | 'ready' | 'draining' | 'terminated';

/** A FIFO ring buffer of request slots. */
export class RequestQueue {
  private buffer = new Int32Array(16);
  private head = 0;
  /** Requests waiting. */
  length = 0;

  push(slot: number): void {
    if (this.length === this.buffer.length) this.grow();
    this.buffer[(this.head + this.length) & (this.buffer.length - 1)] = slot;
    this.length++;
  }

  /** The oldest request (call only when length > 0). */
  peek(): number {
    return this.buffer[this.head]!;
  }

  /** Takes out the oldest request (call only when length > 0). */
  shift(): number {
    const slot = this.buffer[this.head]!;
    this.head = (this.head + 1) & (this.buffer.length - 1);
    this.length--;
    return slot;
  }

  private grow(): void {
    const bigger = new Int32Array(this.buffer.length * 2);
    for (let i = 0; i < this.length; i++) bigger[i] = this.buffer[(this.head + i) & (this.buffer.length - 1)]!;
    this.buffer = bigger;
    this.head = 0;
  }
}

/** One backend instance and what it has done. */
export class Instance implements BalancedInstance {
  state: InstanceState = 'provisioning';
  /** False while failed (down). */
  up = true;
  /** What the health checks believe; the balancer only picks healthy instances. */
  healthy = true;
  /** Workers busy. */
  busy = 0;
  readonly queue = new RequestQueue();
  readyAtMs = NaN;
  stoppedAtMs = NaN;
  /** Time spent down (failed), ms; while down, since downSinceMs. */
  downtimeMs = 0;
  downSinceMs = NaN;
  /** Σ busy workers × time, ms (worker-ms). */
  busyArea = 0;
  /** Σ queue length × time, ms. */
  queueArea = 0;
  private lastChangeMs = 0;
  served = 0;
  /** Requests that failed because this instance failed under them. */
  failedRequests = 0;
  /** Requests sent while it was down (connection refused). */
  refused = 0;
  timeouts = 0;
  drops = 0;
  probeFailures = 0;
  probeSuccesses = 0;
  /** A queue-timeout event is pending. */
  timeoutArmed = false;
  /** Baselines for the autoscaler's last measurement. */
  busyAreaAtScaleTick = 0;
  scaleTickAtMs = 0;
  /** Baselines for the time series' current bucket. */
  busyAreaAtBucket = 0;
  queueAreaAtBucket = 0;
  /** Index of the first time-series bucket this instance appears in. */
  firstBucket = 0;
  readonly utilizationSeries: number[] = [];
  readonly queueSeries: number[] = [];

  constructor(
    readonly index: number,
    readonly id: string,
    readonly workers: number,
    readonly speed: number,
    readonly weight: number,
    readonly createdAtMs: number,
  ) {
    this.lastChangeMs = createdAtMs;
    this.scaleTickAtMs = createdAtMs;
  }

  /** Requests on this instance: in service plus queued. */
  get outstanding(): number {
    return this.busy + this.queue.length;
  }

  /** Accumulates busy and queue time up to now; call before busy or the queue changes. */
  account(nowMs: number): void {
    this.accountFor(nowMs, this.busy, this.queue.length);
  }

  /** account() for a caller that keeps the busy workers and the queue length itself (the engine's single-instance loop). */
  accountFor(nowMs: number, busy: number, queued: number): void {
    const elapsed = nowMs - this.lastChangeMs;
    if (elapsed > 0) {
      this.busyArea += busy * elapsed;
      this.queueArea += queued * elapsed;
      this.lastChangeMs = nowMs;
    }
  }

  /** True until the instance is terminated. */
  get alive(): boolean {
    return this.state !== 'terminated';
  }
}

/** How new instances are made. */
export interface InstanceTemplate {
  workers: number;
  speedFactor: number;
  /** Per initial instance, by index. */
  speedFactors: number[];
  weights: number[];
  /** With active health checks the balancer trusts `healthy`; without, it sees `up` at once. */
  healthChecked: boolean;
}

/** All instances ever created (by creation index) and the ones a balancer may pick. */
export class InstancePool implements BalancerView {
  readonly instances: Instance[] = [];
  /** Indexes of instances that may take new requests, in creation order. */
  eligible: number[] = [];
  /** Bumped whenever `eligible` changes (balancers rebuild derived state on it). */
  version = 0;

  constructor(private readonly template: InstanceTemplate) {}

  /** Creates an instance in the provisioning state. */
  add(nowMs: number): Instance {
    const index = this.instances.length;
    const speed = this.template.speedFactors[index] ?? this.template.speedFactor;
    const weight = this.template.weights[index] ?? this.template.workers * speed;
    const instance = new Instance(index, `i-${index}`, this.template.workers, speed, weight, nowMs);
    this.instances.push(instance);
    return instance;
  }

  /** True when the balancer may send new requests to the instance. */
  isEligible(instance: Instance): boolean {
    if (instance.state !== 'ready') return false;
    return this.template.healthChecked ? instance.healthy : instance.up;
  }

  /** Recomputes the eligible list after a state change. */
  refresh(): void {
    const eligible: number[] = [];
    for (const instance of this.instances) if (this.isEligible(instance)) eligible.push(instance.index);
    this.eligible = eligible;
    this.version++;
  }

  /** Instances that count as replicas: provisioning or ready (not draining or terminated). */
  replicas(): Instance[] {
    return this.instances.filter((instance) => instance.state === 'provisioning' || instance.state === 'ready');
  }
}
