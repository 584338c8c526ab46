/**
 * The engine against queueing theory. Each test runs one fixed seed with enough requests that the
 * sampling error is small, and states its tolerance: about three standard deviations of the
 * estimate (measured over several seeds), plus the histogram's ≤1 % for percentiles.
 */
import { describe, expect, it } from 'vitest';
import {
  erlangC,
  md1,
  meanValueAnalysis,
  mm1,
  mmc,
  roundRobinErlang,
  supermarketMeanResponse,
} from '../../../src/core/simulator/analytic.ts';
import { runSimulation } from '../../../src/core/simulator/index.ts';
import { constant, exp, openModel, relativeError } from './helpers.ts';

describe('closed forms themselves', () => {
  it('Erlang C matches a textbook value (c = 2, a = 1: C = 1/3)', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });
  it('E1/M/1 by the G/M/1 root equation is M/M/1 (σ = ρ)', () => {
    const rr = roundRobinErlang(0.08, 0.1, 1);
    expect(rr.sigma).toBeCloseTo(0.8, 9);
    expect(rr.meanResponseMs).toBeCloseTo(mm1(0.08, 0.1).meanResponseMs, 6);
  });
  it('the supermarket sum for d = 2, λ = 0.9 is about 2.61 service times', () => {
    expect(supermarketMeanResponse(0.9, 2)).toBeCloseTo(1 + 0.81 + 0.9 ** 6 + 0.9 ** 14 + 0.9 ** 30 + 0.9 ** 62 + 0.9 ** 126, 9);
  });
  it('MVA with one user is think + demand', () => {
    const r = meanValueAnalysis(1, 1000, [50, 25]);
    expect(r.meanResponseMs).toBeCloseTo(75, 9);
    expect(r.throughputPerMs).toBeCloseTo(1 / 1075, 12);
  });
});

describe('engine vs closed forms', () => {
  it('M/M/1 (ρ = 0.8, 1M requests): mean and p95 response time within 4 %', () => {
    const expected = mm1(0.08, 0.1); // 80 requests/s, mean service 10 ms
    const result = runSimulation(openModel({ ratePerSec: 80, service: exp(10), requests: 1_000_000 }));
    expect(result.requests.completed).toBe(1_000_000);
    expect(relativeError(result.latency.meanMs, expected.meanResponseMs)).toBeLessThan(0.04);
    // p95 = −ln(0.05) / (μ − λ) = 149.8 ms
    expect(relativeError(result.latency.p95Ms, -Math.log(0.05) / (0.1 - 0.08))).toBeLessThan(0.04);
    expect(relativeError(result.wait.probability, 0.8)).toBeLessThan(0.01);
    // SLO attainment: P(T ≤ 100 ms) = 1 − e^(−(μ−λ)·100), exact counting, within 1 %.
    const slo = runSimulation({ ...openModel({ ratePerSec: 80, service: exp(10), requests: 300_000 }), slo: { latencyMs: 100, percentile: 80 } });
    expect(relativeError(slo.slo.attainment, 1 - Math.exp(-0.02 * 100))).toBeLessThan(0.01);
  });

  it('M/M/4 with one shared queue (ρ = 0.8, 1M requests): mean wait within 5 %, P(wait) within 2 % (Erlang C)', () => {
    const expected = mmc(0.32, 0.1, 4);
    const result = runSimulation(openModel({ ratePerSec: 320, service: exp(10), requests: 1_000_000, instances: 1, workers: 4 }));
    expect(relativeError(result.wait.meanMs, expected.meanWaitMs)).toBeLessThan(0.05);
    expect(relativeError(result.wait.probability, expected.waitProbability)).toBeLessThan(0.02);
  });

  it('M/D/1 (ρ = 0.8, 500k requests): mean response within 3 %, mean wait within 4 % (Pollaczek–Khinchine)', () => {
    const expected = md1(0.08, 10);
    const result = runSimulation(openModel({ ratePerSec: 80, service: constant(10), requests: 500_000 }));
    expect(relativeError(result.latency.meanMs, expected.meanResponseMs)).toBeLessThan(0.03);
    expect(relativeError(result.wait.meanMs, expected.meanWaitMs)).toBeLessThan(0.04);
  });

  it('round robin over 4 servers (ρ = 0.8, 500k requests): mean wait within 4 % of E4/M/1', () => {
    const expected = roundRobinErlang(0.32, 0.1, 4);
    const result = runSimulation(openModel({ ratePerSec: 320, service: exp(10), requests: 500_000, instances: 4 }));
    expect(relativeError(result.wait.meanMs, expected.meanWaitMs)).toBeLessThan(0.04);
    // Round robin beats a random split (M/M/1 per server: mean wait 40 ms) by a wide margin.
    expect(result.wait.meanMs).toBeLessThan(0.7 * mm1(0.08, 0.1).meanWaitMs);
  });

  it('power of two choices vs random, 100 servers at λ = 0.9: within 8 % of Mitzenmacher’s limit and of 1/(1 − λ)', () => {
    // 400k requests each, the first 5 s (≈ 45k requests, a few relaxation times at λ = 0.9) left out.
    const base = { ratePerSec: 9000, service: exp(10), requests: 400_000, instances: 100 };
    const twoChoices = runSimulation({ ...openModel({ ...base, balancer: 'power-of-two' }), warmupMs: 5000 });
    const random = runSimulation({ ...openModel({ ...base, balancer: 'random' }), warmupMs: 5000 });
    const limitMs = supermarketMeanResponse(0.9, 2) * 10; // 26.1 ms
    expect(relativeError(twoChoices.latency.meanMs, limitMs)).toBeLessThan(0.08);
    expect(relativeError(random.latency.meanMs, 100)).toBeLessThan(0.08);
    expect(twoChoices.latency.meanMs).toBeLessThan(0.3 * random.latency.meanMs);
  });

  it('closed system (20 users, 1 s think, two stations of speed 1 and 2, random routing): within 1 % / 3 % of exact MVA', () => {
    // Service 100 ms at speed 1 → demands 0.5 × 100 and 0.5 × 50 ms.
    const expected = meanValueAnalysis(20, 1000, [50, 25]);
    const result = runSimulation({
      seed: 1,
      maxRequests: 300_000,
      workload: { endpoints: [{ name: 'GET /api/x', weight: 1, service: exp(100) }], model: { kind: 'closed', users: 20, thinkTime: exp(1000) } },
      pool: { instances: 2, speedFactors: [1, 2] },
      balancer: 'random',
    });
    expect(relativeError(result.throughputPerSec / 1000, expected.throughputPerMs)).toBeLessThan(0.01);
    expect(relativeError(result.latency.meanMs, expected.meanResponseMs)).toBeLessThan(0.03);
  });

  it('M/M/1/K loss (queue capacity 3, ρ = 0.9): drop fraction within 3 % of (1 − ρ)ρ^N / (1 − ρ^(N+1)), N = 4', () => {
    const rho = 0.9;
    const n = 4;
    const expected = ((1 - rho) * rho ** n) / (1 - rho ** (n + 1));
    const result = runSimulation({ ...openModel({ ratePerSec: 90, service: exp(10), requests: 500_000 }), pool: { instances: 1, queue: { capacity: 3 } } });
    expect(relativeError(result.requests.drops / result.requests.issued, expected)).toBeLessThan(0.03);
  });
});
