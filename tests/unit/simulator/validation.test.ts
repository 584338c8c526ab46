/** Bad input: each impossible configuration is refused with an error that names the field. */
import { describe, expect, it } from 'vitest';
import type { SimulationConfig } from '../../../src/core/simulator/index.ts';
import {
  runSimulation,
  SimulationConfigError,
  SimulationOverloadError,
  validateConfig,
  validateWorkload,
} from '../../../src/core/simulator/index.ts';
import { exp, openModel } from './helpers.ts';

const good = (): SimulationConfig => openModel({ ratePerSec: 50, service: exp(10), requests: 1000 });

/** The error validateConfig throws for a configuration (fails the test when it does not throw). */
function errorFor(config: unknown): SimulationConfigError {
  try {
    validateConfig(config);
  } catch (error) {
    if (error instanceof SimulationConfigError) return error;
    throw error;
  }
  throw new Error('expected a SimulationConfigError');
}

describe('configuration errors name the field', () => {
  it('zero instances', () => {
    const error = errorFor({ ...good(), pool: { instances: 0 } });
    expect(String(error)).toBe('SimulationConfigError: pool.instances must be ≥ 1 (got 0)');
    expect(error.field).toBe('pool.instances');
  });

  it('a negative arrival rate', () => {
    const config = good();
    config.workload.model = { kind: 'open', arrivals: { pattern: 'constant', ratePerSec: -5 } };
    expect(errorFor(config).message).toBe('workload.model.arrivals.ratePerSec must be > 0 (got -5)');
  });

  it('a workload with no requests (no endpoints)', () => {
    const config = good();
    config.workload.endpoints = [];
    const error = errorFor(config);
    expect(error.field).toBe('workload.endpoints');
    expect(error.message).toMatch(/at least one endpoint/);
  });

  it('an unknown balancer', () => {
    expect(errorFor({ ...good(), balancer: 'fastest' }).message).toBe(
      'balancer must be one of round-robin, weighted-round-robin, least-connections, random, power-of-two, peak-ewma, consistent-hash (got "fastest")',
    );
    expect(errorFor({ ...good(), balancer: { name: 'nope' } }).field).toBe('balancer.name');
  });

  it.each([
    ['a negative mean service time', (c: SimulationConfig) => void (c.workload.endpoints[0]!.service = { type: 'exponential', meanMs: -1 }), 'workload.endpoints[0].service.meanMs'],
    ['an unknown distribution', (c: SimulationConfig) => void (c.workload.endpoints[0]!.service = { type: 'pareto' } as never), 'workload.endpoints[0].service.type'],
    ['a fractional worker count', (c: SimulationConfig) => void (c.pool.workersPerInstance = 1.5), 'pool.workersPerInstance'],
    ['a negative queue capacity', (c: SimulationConfig) => void (c.pool.queue = { capacity: -1 }), 'pool.queue.capacity'],
    ['a zero weight', (c: SimulationConfig) => void (c.workload.endpoints[0]!.weight = 0), 'workload.endpoints[0].weight'],
    ['no think time in a closed model', (c: SimulationConfig) => void (c.workload.model = { kind: 'closed', users: 10 } as never), 'workload.model.thinkTime'],
    ['zero users', (c: SimulationConfig) => void (c.workload.model = { kind: 'closed', users: 0, thinkTime: exp(1000) }), 'workload.model.users'],
    ['maxReplicas below minReplicas', (c: SimulationConfig) => void (c.autoscaler = { kind: 'hpa', minReplicas: 5, maxReplicas: 2, targetUtilizationPercent: 50 }), 'autoscaler.maxReplicas'],
    ['a Percent policy without a period', (c: SimulationConfig) => void (c.autoscaler = { kind: 'hpa', maxReplicas: 4, targetUtilizationPercent: 50, behavior: { scaleDown: { policies: [{ type: 'Percent', value: 10 }] } } } as never), 'autoscaler.behavior.scaleDown.policies[0].periodSeconds'],
    ['a health check threshold of 0', (c: SimulationConfig) => void (c.healthCheck = { unhealthyThreshold: 0 }), 'healthCheck.unhealthyThreshold'],
    ['a step pattern out of order', (c: SimulationConfig) => void (c.workload.model = { kind: 'open', arrivals: { pattern: 'step', steps: [{ atMs: 10, ratePerSec: 1 }, { atMs: 5, ratePerSec: 2 }] } }), 'workload.model.arrivals.steps[1].atMs'],
    ['an SLO percentile above 100', (c: SimulationConfig) => void (c.slo = { latencyMs: 300, percentile: 120 }), 'slo.percentile'],
    ['a string where a number belongs', (c: SimulationConfig) => void (c.pool.instances = '3' as never), 'pool.instances'],
  ])('%s', (_label, change, field) => {
    const config = good();
    change(config);
    expect(errorFor(config).field).toBe(field);
  });

  it('a misspelt field', () => {
    const error = errorFor({ ...good(), pool: { instances: 2, workerPerInstance: 4 } });
    expect(error.field).toBe('pool.workerPerInstance');
    expect(error.message).toMatch(/^pool\.workerPerInstance is not a known field \(known: instances, workersPerInstance, /);
    expect(errorFor({ ...good(), durationMS: 1000 }).field).toBe('durationMS');
  });

  it('a run that would never end (no duration, no request count)', () => {
    const { maxRequests: _omit, ...config } = good();
    expect(errorFor(config).message).toMatch(/durationMs or maxRequests is required/);
  });

  it('a workload validated on its own', () => {
    expect(() => validateWorkload({ endpoints: [{ name: 'x', service: { type: 'constant', valueMs: 5 } }] })).toThrow(/workload\.model must be an object \(got nothing\)/);
  });

  it('runSimulation throws the same errors', () => {
    expect(() => runSimulation({ ...good(), pool: { instances: 0 } })).toThrow(SimulationConfigError);
  });
});

describe('overload', () => {
  it('refuses an open model at offered utilization ≥ 1 with unbounded queues, and says the utilization', () => {
    const config = openModel({ ratePerSec: 450, service: exp(10), requests: 1000, instances: 4 });
    let error: unknown;
    try {
      runSimulation(config);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SimulationOverloadError);
    expect((error as SimulationOverloadError).utilization).toBeCloseTo(1.125, 12);
    expect((error as Error).message).toMatch(/offered utilization is 1\.125/);
  });

  it('runs it when the queues are bounded, when autoscaling can add capacity, or when allowed', () => {
    const config = openModel({ ratePerSec: 450, service: exp(10), requests: 1000, instances: 4 });
    expect(() => validateConfig({ ...config, pool: { instances: 4, queue: { capacity: 100 } } })).not.toThrow();
    expect(() => validateConfig({ ...config, autoscaler: { kind: 'hpa', maxReplicas: 8, targetUtilizationPercent: 60 } })).not.toThrow();
    expect(() => validateConfig({ ...config, allowOverload: true })).not.toThrow();
  });
});
