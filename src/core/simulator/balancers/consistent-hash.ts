import type { BalancerConfig } from '../config.ts';
import { hashSeed } from '../rng.ts';
import type { BalancerView, LoadBalancer } from './types.ts';

/** MurmurHash3's 32-bit finalizer: a cheap, well-mixed hash of an integer. */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A hash ring: sorted points, each owned by an instance index. */
export interface HashRing {
  points: Uint32Array;
  owners: Int32Array;
}

/** Builds the ring: `virtualNodes` points per instance, placed by hashing "id#k". */
export function buildRing(view: BalancerView, virtualNodes: number): HashRing {
  const entries: { point: number; owner: number }[] = [];
  for (const index of view.eligible) {
    const id = view.instances[index]!.id;
    for (let k = 0; k < virtualNodes; k++) entries.push({ point: mix32(hashSeed(`${id}#${k}`)), owner: index });
  }
  entries.sort((x, y) => x.point - y.point || x.owner - y.owner);
  return { points: Uint32Array.from(entries, (e) => e.point), owners: Int32Array.from(entries, (e) => e.owner) };
}

/** Owner of the first point at or after the key's hash (wrapping around), or −1 on an empty ring. */
export function lookupRing(ring: HashRing, hash: number): number {
  const points = ring.points;
  if (points.length === 0) return -1;
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]! < hash) low = mid + 1;
    else high = mid;
  }
  return ring.owners[low === points.length ? 0 : low]!;
}

/**
 * Consistent hashing by user (Karger et al. 1997; virtual nodes as in ketama): a user always goes
 * to the same instance while it is eligible; when an instance leaves, only its users move. The
 * ring is rebuilt when the eligible set changes.
 */
export class ConsistentHashBalancer implements LoadBalancer {
  readonly name = 'consistent-hash';
  readonly observesLatency = false;
  readonly keyedByUser = true;
  private ring: HashRing = { points: new Uint32Array(0), owners: new Int32Array(0) };
  private version = -1;

  constructor(private readonly config: Required<BalancerConfig>) {}

  pick(view: BalancerView, userKey: number): number {
    if (view.version !== this.version) {
      this.ring = buildRing(view, this.config.virtualNodes);
      this.version = view.version;
    }
    return lookupRing(this.ring, mix32(Math.imul(userKey + 1, 0x9e3779b1)));
  }

  observe(): void {}
}
