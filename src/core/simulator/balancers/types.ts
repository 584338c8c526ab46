/**
 * The interface every load balancer implements, and the view of the pool it sees. One balancer per
 * file in this folder, named after its BalancerName; registry.ts maps names to factories.
 */
import type { BalancerConfig, BalancerName } from '../config.ts';
import type { Rng } from '../rng.ts';

/** What a balancer may read about an instance. */
export interface BalancedInstance {
  readonly index: number;
  /** Stable name, e.g. "i-3" (consistent hashing places it on the ring by this). */
  readonly id: string;
  /** Requests in service plus queued. */
  readonly outstanding: number;
  /** Relative capacity (weighted round robin, least connections). */
  readonly weight: number;
}

/** The pool as a balancer sees it. */
export interface BalancerView {
  /** Every instance ever created, by index. */
  readonly instances: readonly BalancedInstance[];
  /** Indexes of the instances that may be picked, in creation order. */
  readonly eligible: readonly number[];
  /** Changes whenever `eligible` changes. */
  readonly version: number;
}

/** Chooses the instance for each new request. */
export interface LoadBalancer {
  readonly name: BalancerName;
  /** True when the balancer wants observe() calls (latency-aware balancers). */
  readonly observesLatency: boolean;
  /** True when pick() reads userKey (the engine draws user ids for an open model only then). */
  readonly keyedByUser: boolean;
  /**
   * The index of the instance to send a request to, or −1 when no instance is eligible.
   * `userKey` identifies the user (consistent hashing keys on it).
   */
  pick(view: BalancerView, userKey: number, nowMs: number): number;
  /** A request finished on an instance after latencyMs (response time seen by the balancer). */
  observe(instanceIndex: number, latencyMs: number, nowMs: number): void;
}

/** What a factory gets: the balancer's options and its own random stream. */
export interface BalancerOptions {
  config: Required<BalancerConfig>;
  rng: Rng;
}

export type BalancerFactory = (options: BalancerOptions) => LoadBalancer;

/** Load of an instance per unit of weight. */
export function loadPerWeight(instance: BalancedInstance): number {
  return instance.outstanding / instance.weight;
}
