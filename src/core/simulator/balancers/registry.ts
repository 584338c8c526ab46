/** Every load balancer by name. A test checks each file in this folder is registered here. */
import type { BalancerName } from '../config.ts';
import { ConsistentHashBalancer } from './consistent-hash.ts';
import { LeastConnectionsBalancer } from './least-connections.ts';
import { PeakEwmaBalancer } from './peak-ewma.ts';
import { PowerOfTwoBalancer } from './power-of-two.ts';
import { RandomBalancer } from './random.ts';
import { RoundRobinBalancer } from './round-robin.ts';
import type { BalancerFactory, BalancerOptions, LoadBalancer } from './types.ts';
import { WeightedRoundRobinBalancer } from './weighted-round-robin.ts';

export const BALANCERS: Readonly<Record<BalancerName, BalancerFactory>> = {
  'round-robin': () => new RoundRobinBalancer(),
  'weighted-round-robin': () => new WeightedRoundRobinBalancer(),
  'least-connections': () => new LeastConnectionsBalancer(),
  random: ({ rng }) => new RandomBalancer(rng),
  'power-of-two': ({ rng }) => new PowerOfTwoBalancer(rng),
  'peak-ewma': ({ config, rng }) => new PeakEwmaBalancer(config, rng),
  'consistent-hash': ({ config }) => new ConsistentHashBalancer(config),
};

/** Creates the balancer a (validated) configuration names. */
export function createBalancer(options: BalancerOptions): LoadBalancer {
  return BALANCERS[options.config.name](options);
}
