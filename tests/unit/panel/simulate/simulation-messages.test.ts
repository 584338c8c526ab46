/**
 * The panel ↔ simulation-worker protocol: the task a worker runs (progress, then one reply),
 * the engine's errors as replies, the throttle of progress messages and the cancelled notice.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation, SimulationCancelledError, SimulationLimitError } from '../../../../src/core/simulator/index';
import {
  cancelledFailure,
  failureOf,
  PROGRESS_INTERVAL_MS,
  runTask,
  simulatedSpan,
  throttleProgress,
  type SimulationWorkerMessage,
} from '../../../../src/panel/simulate/simulation-messages';
import { exp, openModel } from '../../simulator/helpers';

/** A clock that moves `step` ms per reading, so every progress report passes the throttle. */
function steppingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('runTask', () => {
  it('runs one configuration: progress from 0 to 1 with growing event counts, then the same result as the engine', () => {
    const config = openModel({ ratePerSec: 200, service: exp(5), durationMs: 600_000, instances: 2 });
    const posted: SimulationWorkerMessage[] = [];
    const reply = runTask({ kind: 'simulate', config }, (m) => posted.push(m), steppingClock(PROGRESS_INTERVAL_MS));
    expect(reply.kind).toBe('result');
    if (reply.kind !== 'result') return;
    // The same seed gives the same figures as a direct engine run (only the engine's own speed differs).
    const { perf: _mine, ...figures } = reply.result;
    const { perf: _direct, ...direct } = runSimulation(config);
    expect(figures).toEqual(direct);
    expect(reply.wallMs).toBeGreaterThan(0);
    const progress = posted.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[0]).toEqual({ type: 'progress', fraction: 0, events: 0, message: 'Simulating: 0 % of 600 s simulated' });
    expect(progress.at(-1)).toMatchObject({ fraction: 1, message: 'Simulating: 100 % of 600 s simulated' });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
      expect(progress[i]!.events).toBeGreaterThan(progress[i - 1]!.events);
    }
    expect(posted.some((m) => m.type === 'done')).toBe(false); // the worker posts the reply itself
  });

  it('compares a base and a variant, naming the configuration in the progress line', () => {
    const base = openModel({ ratePerSec: 100, service: exp(5), durationMs: 300_000, instances: 2 });
    const posted: SimulationWorkerMessage[] = [];
    const reply = runTask({ kind: 'compare', base, variants: [{ name: 'lc', changes: { balancer: 'least-connections' } }] }, (m) => posted.push(m), steppingClock(PROGRESS_INTERVAL_MS));
    expect(reply.kind).toBe('comparison');
    if (reply.kind !== 'comparison') return;
    expect(reply.comparison.rows.map((r) => r.name)).toEqual(['base', 'lc']);
    const lines = posted.flatMap((m) => (m.type === 'progress' ? [m.message] : []));
    expect(lines[0]).toBe('Comparing: configuration 1 of 2 (base), 0 % overall');
    expect(lines.some((l) => l.startsWith('Comparing: configuration 2 of 2 (lc)'))).toBe(true);
  });

  it('refuses a bad variant before running anything, naming the variant and the field', () => {
    const base = openModel({ ratePerSec: 100, service: exp(5), durationMs: 300_000 });
    const posted: SimulationWorkerMessage[] = [];
    const reply = runTask({ kind: 'compare', base, variants: [{ name: 'none', changes: { pool: { instances: 0 } } }] }, (m) => posted.push(m));
    expect(reply).toMatchObject({ kind: 'config', field: 'pool.instances', configuration: 'none', rule: 'must be ≥ 1', receivedNumber: 0 });
    expect(reply.kind === 'config' && reply.message).toMatch(/^Configuration “none”: pool\.instances/);
    expect(posted).toEqual([]);
  });

  it('answers a bad configuration and an overload as failures, not exceptions', () => {
    const bad = openModel({ ratePerSec: 100, service: exp(5), durationMs: 300_000, instances: 0 });
    expect(runTask({ kind: 'simulate', config: bad }, () => {})).toMatchObject({ kind: 'config', field: 'pool.instances' });
    const overloaded = openModel({ ratePerSec: 10_000, service: exp(5), durationMs: 300_000 });
    const reply = runTask({ kind: 'simulate', config: overloaded }, () => {});
    expect(reply.kind).toBe('overload');
    if (reply.kind === 'overload') expect(reply.utilization).toBeGreaterThan(1);
  });
});

describe('failureOf', () => {
  it('words a cancellation and a limit, and rethrows anything else', () => {
    expect(failureOf(new SimulationCancelledError(1234567))).toEqual(cancelledFailure(1234567));
    expect(cancelledFailure(1234567).message).toBe('Simulation cancelled after 1,234,567 events; nothing was kept. Run it again when ready.');
    expect(failureOf(new SimulationLimitError(1000, 5000))).toMatchObject({ kind: 'limit', maxEvents: 1000, simulatedMs: 5000 });
    const other = new TypeError('boom');
    expect(() => failureOf(other)).toThrow(other);
  });
});

describe('throttleProgress', () => {
  it('passes the first report, then at most one per interval, and always the last', () => {
    let t = 0;
    const seen: number[] = [];
    const report = throttleProgress(100, () => t, (fraction) => seen.push(fraction));
    report(0, 0);
    t = 50;
    report(0.1, 10);
    t = 100;
    report(0.2, 20);
    t = 120;
    report(1, 30);
    expect(seen).toEqual([0, 0.2, 1]);
  });
});

describe('simulatedSpan', () => {
  it('says the simulated duration in seconds, or the request count', () => {
    expect(simulatedSpan(openModel({ ratePerSec: 1, service: exp(1), durationMs: 2_000_000_000 }))).toBe('2,000,000 s simulated');
    expect(simulatedSpan(openModel({ ratePerSec: 1, service: exp(1), requests: 100_000 }))).toBe('100,000 requests');
  });
});
