/** Hostile simulator sizes: every size is bounded with an error naming the limit; start-up is linear. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { erlangC, MAX_ERLANG_SERVERS } from '../../../src/core/simulator/analytic';
import { CliUsageError, configFromCli, parseCliArgs } from '../../../src/core/simulator/cli';
import type { SimulationConfig } from '../../../src/core/simulator/config';
import { SimulationConfigError } from '../../../src/core/simulator/errors';
import { SIMULATOR_LIMITS } from '../../../src/core/simulator/limits';
import { InstancePool } from '../../../src/core/simulator/pool';
import { runSimulation } from '../../../src/core/simulator/run';
import { validateConfig } from '../../../src/core/simulator/validate';
import { fieldTarget } from '../../../src/panel/simulate/fields';
import { describeRejectedSetting } from '../../../src/panel/simulate/store';

const base = (patch: Partial<SimulationConfig> = {}): SimulationConfig => ({
  seed: 1,
  durationMs: 10_000,
  workload: {
    name: 'w',
    endpoints: [{ name: 'GET /a', weight: 1, service: { type: 'constant', valueMs: 10 } }],
    model: { kind: 'closed', users: 10, thinkTime: { type: 'exponential', meanMs: 1000 } },
  },
  pool: { instances: 1, workersPerInstance: 1 },
  ...patch,
});

function rejection(config: unknown): SimulationConfigError {
  try {
    validateConfig(config);
  } catch (error) {
    if (error instanceof SimulationConfigError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('hostile simulator sizes', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses pool.instances = 100000 with the limit named, as data', () => {
    const error = rejection(base({ pool: { instances: 100_000 } }));
    expect(error.field).toBe('pool.instances');
    expect(error.message).toBe(`pool.instances must be ≤ ${SIMULATOR_LIMITS.instances} (the simulator's limit) (got 100000)`);
    expect(error.rejected).toEqual({ rule: `must be ≤ ${SIMULATOR_LIMITS.instances} (the simulator's limit)`, received: '100000', receivedNumber: 100_000 });
  });

  it('refuses a billion users, 1e11 workers, a year-long run and a million endpoints', () => {
    const users = rejection(base({ workload: { ...base().workload, model: { kind: 'closed', users: 1e9, thinkTime: { type: 'exponential', meanMs: 1000 } } } }));
    expect(users.field).toBe('workload.model.users');
    expect(rejection(base({ pool: { instances: 1, workersPerInstance: 1e11 } })).field).toBe('pool.workersPerInstance');
    expect(rejection(base({ durationMs: 365 * 24 * 3600 * 1000 })).field).toBe('durationMs');
    expect(rejection(base({ maxEvents: 1e12 })).field).toBe('maxEvents');
    const endpoints = Array.from({ length: SIMULATOR_LIMITS.endpoints + 1 }, (_, i) => ({ name: `e${i}`, weight: 1, service: { type: 'constant' as const, valueMs: 1 } }));
    expect(rejection(base({ workload: { ...base().workload, endpoints } })).message).toMatch(/^workload\.endpoints must hold at most 10000 items \(the simulator's limit\)/);
    expect(rejection(base({ autoscaler: { kind: 'hpa', maxReplicas: 1e6, targetUtilizationPercent: 60 } } as never)).field).toBe('autoscaler.maxReplicas');
  });

  it('refuses a run that would need more events than any maxEvents allows, before it starts', () => {
    const error = rejection(
      base({
        durationMs: SIMULATOR_LIMITS.durationMs,
        workload: { ...base().workload, model: { kind: 'closed', users: 100_000, thinkTime: { type: 'constant', valueMs: 1 } } },
        pool: { instances: 10_000, workersPerInstance: 100 },
      }),
    );
    expect(error.field).toBe('durationMs');
    expect(error.rejected.rule).toMatch(/^would need at least .* events, more than the simulator's limit of 1000000000/);
  });

  it('the CLI names the flag and the limit for --users 1e9, --concurrency 1e11, --servers 1e6', () => {
    const usage = (argv: string[]) => {
      try {
        configFromCli(parseCliArgs(argv));
      } catch (error) {
        if (error instanceof CliUsageError) return error.message;
        throw error;
      }
      return 'accepted';
    };
    expect(usage(['--users', '1e9'])).toBe(`--users must be ≤ ${SIMULATOR_LIMITS.users} (the simulator's limit; got "1e9")`);
    expect(usage(['--concurrency', '1e11'])).toBe(`--concurrency must be ≤ ${SIMULATOR_LIMITS.workersPerInstance} (the simulator's limit; got "1e11")`);
    expect(usage(['--servers', '1000000'])).toMatch(/^--servers must be ≤ 10000/);
  });

  it('Erlang C refuses 1e11 servers instead of looping over them', () => {
    expect(() => erlangC(1e11, 5)).toThrow(`Erlang C needs a whole number of servers from 1 to ${MAX_ERLANG_SERVERS} (got 100000000000)`);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 10);
  });

  it('starts a pool of N instances with a constant number of pool refreshes, not one per instance', () => {
    const refresh = vi.spyOn(InstancePool.prototype, 'refresh');
    runSimulation(base({ durationMs: 1, pool: { instances: 5_000, workersPerInstance: 1 } }));
    expect(refresh.mock.calls.length).toBeLessThan(10);
  });
});

describe('the panel words a rejected setting from its data, not by rewriting the engine’s English', () => {
  it('renders "Instances: pool.instances must be ≥ 1 (got 0)" from field, rule and value', () => {
    const error = rejection(base({ pool: { instances: 0 } }));
    const failure = { field: error.field, message: 'ignored', ...error.rejected };
    const target = fieldTarget(failure.field, 'closed');
    expect(`${target?.label}: ${describeRejectedSetting(failure, target)}`).toBe('Instances: pool.instances must be ≥ 1 (got 0)');
  });

  it('says a millisecond value in seconds where the form asks for seconds', () => {
    const error = rejection(base({ warmupMs: -1000 }));
    const target = fieldTarget(error.field, 'closed');
    expect(describeRejectedSetting({ field: error.field, ...error.rejected }, target)).toBe('warmupMs must be ≥ 0 (got -1000 ms = -1 s)');
  });
});
