/** Each load balancer on a hand-made pool view, and the registry kept complete by a test. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BALANCERS, createBalancer } from '../../../src/core/simulator/balancers/registry.ts';
import type { BalancedInstance, BalancerView, LoadBalancer } from '../../../src/core/simulator/balancers/types.ts';
import type { BalancerName } from '../../../src/core/simulator/index.ts';
import { BALANCER_NAMES } from '../../../src/core/simulator/index.ts';
import { Rng } from '../../../src/core/simulator/rng.ts';

interface FakeInstance extends BalancedInstance {
  outstanding: number;
  weight: number;
}

function view(count: number, options: { weights?: number[]; outstanding?: number[]; eligible?: number[]; version?: number } = {}): BalancerView & { instances: FakeInstance[] } {
  const instances = Array.from({ length: count }, (_, index) => ({
    index,
    id: `i-${index}`,
    outstanding: options.outstanding?.[index] ?? 0,
    weight: options.weights?.[index] ?? 1,
  }));
  return { instances, eligible: options.eligible ?? instances.map((i) => i.index), version: options.version ?? 1 };
}

function balancer(name: BalancerName, seed = 1): LoadBalancer {
  return createBalancer({ config: { name, virtualNodes: 160, decayMs: 10_000, initialLatencyMs: 0 }, rng: new Rng(seed) });
}

function picks(b: LoadBalancer, v: BalancerView, count: number, userKey = 0): number[] {
  return Array.from({ length: count }, () => b.pick(v, userKey, 0));
}

describe('balancer registry', () => {
  const folder = join(import.meta.dirname, '../../../src/core/simulator/balancers');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.ts') && name !== 'types.ts' && name !== 'registry.ts')
    .map((name) => name.replace(/\.ts$/, ''));

  it('has one file per balancer name, and every name is registered', () => {
    expect([...files].sort()).toEqual([...BALANCER_NAMES].sort());
    expect(Object.keys(BALANCERS).sort()).toEqual([...BALANCER_NAMES].sort());
  });

  it.each(BALANCER_NAMES)('%s reports its own name and returns −1 with no eligible instance', (name) => {
    const b = balancer(name);
    expect(b.name).toBe(name);
    expect(b.pick(view(3, { eligible: [] }), 0, 0)).toBe(-1);
  });

  it.each(BALANCER_NAMES)('%s only picks eligible instances', (name) => {
    const v = view(5, { eligible: [1, 3] });
    for (const pick of picks(balancer(name), v, 200)) expect([1, 3]).toContain(pick);
  });
});

describe('round robin', () => {
  it('cycles through the eligible instances', () => {
    expect(picks(balancer('round-robin'), view(3), 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });
});

describe('weighted round robin (smooth, as NGINX)', () => {
  it('weights 5, 1, 1 give a a b a c a a', () => {
    expect(picks(balancer('weighted-round-robin'), view(3, { weights: [5, 1, 1] }), 14)).toEqual([0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0]);
  });
  it('shares follow the weights exactly over a cycle', () => {
    const chosen = picks(balancer('weighted-round-robin'), view(3, { weights: [3, 2, 1] }), 600);
    expect([0, 1, 2].map((i) => chosen.filter((c) => c === i).length)).toEqual([300, 200, 100]);
  });
});

describe('least connections', () => {
  it('picks the fewest outstanding requests per unit of weight, ties in turn', () => {
    expect(balancer('least-connections').pick(view(3, { outstanding: [4, 1, 2] }), 0, 0)).toBe(1);
    expect(balancer('least-connections').pick(view(2, { outstanding: [4, 3], weights: [2, 1] }), 0, 0)).toBe(0);
    expect(picks(balancer('least-connections'), view(3), 3)).toEqual([0, 1, 2]);
  });
});

describe('random', () => {
  it('spreads evenly (each of 4 within 5 % of 1/4 over 40k picks)', () => {
    const chosen = picks(balancer('random'), view(4), 40_000);
    for (let i = 0; i < 4; i++) expect(Math.abs(chosen.filter((c) => c === i).length / 40_000 - 0.25)).toBeLessThan(0.0125);
  });
});

describe('power of two choices', () => {
  it('never picks the most loaded of three when the two others are lighter', () => {
    const chosen = picks(balancer('power-of-two'), view(3, { outstanding: [9, 1, 2] }), 300);
    expect(chosen).not.toContain(0);
    // Instance 1 wins whenever it is sampled: 2 of the 3 pairs.
    expect(chosen.filter((c) => c === 1).length / 300).toBeGreaterThan(0.55);
  });
});

describe('peak EWMA', () => {
  it('prefers the instance with the lower latency estimate, and jumps to a slower observation at once', () => {
    const b = balancer('peak-ewma');
    const v = view(2);
    b.observe(0, 100, 0);
    b.observe(1, 10, 0);
    expect(picks(b, v, 20).every((c) => c === 1)).toBe(true);
    b.observe(1, 500, 1); // a peak: the estimate becomes 500 at once
    expect(b.pick(v, 0, 1)).toBe(0);
  });
  it('decays an idle estimate so a once-slow instance is tried again', () => {
    const b = balancer('peak-ewma');
    const v = view(2);
    b.observe(0, 1000, 0);
    b.observe(1, 50, 0);
    // After a minute (6 decay times) 1000 × e^-6 ≈ 2.5 ms < instance 1's 50 × e^-6.
    b.observe(1, 50, 60_000);
    expect(b.pick(v, 0, 60_000)).toBe(0);
  });
});

describe('consistent hashing by user', () => {
  it('sends a user to the same instance every time', () => {
    const b = balancer('consistent-hash');
    const v = view(5);
    for (let user = 0; user < 50; user++) {
      const first = b.pick(v, user, 0);
      expect(picks(b, v, 5, user).every((c) => c === first)).toBe(true);
    }
  });
  it('moves only the users of an instance that leaves', () => {
    // One balancer per view: switching views back and forth would rebuild the ring on every pick.
    const withAll = balancer('consistent-hash');
    const withoutTwo = balancer('consistent-hash');
    const before = view(5);
    const after = view(5, { eligible: [0, 1, 3, 4] });
    let moved = 0;
    for (let user = 0; user < 5000; user++) {
      const a = withAll.pick(before, user, 0);
      const c = withoutTwo.pick(after, user, 0);
      if (a !== c) {
        expect(a).toBe(2);
        moved++;
      }
    }
    // About a fifth of the users lived on instance 2.
    expect(moved / 5000).toBeGreaterThan(0.12);
    expect(moved / 5000).toBeLessThan(0.28);
  });
  it('balances users within ±25 % with 160 virtual nodes', () => {
    const b = balancer('consistent-hash');
    const counts = [0, 0, 0, 0];
    for (let user = 0; user < 20_000; user++) counts[b.pick(view(4), user, 0)]!++;
    for (const count of counts) expect(Math.abs(count / 5000 - 1)).toBeLessThan(0.25);
  });
});
