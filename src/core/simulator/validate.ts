/**
 * Validation of untrusted configuration and workload JSON. Each check throws a
 * SimulationConfigError that names the field, the rule and the value it got, e.g.
 * "pool.instances must be ≥ 1 (got 0)". The result is a NormalizedConfig with every default filled.
 */
import type {
  AutoscalerConfig,
  BalancerConfig,
  BalancerName,
  FailureRate,
  HealthCheckConfig,
  HpaScalingPolicy,
  ScheduledFailure,
  SimulationConfig,
  SloConfig,
} from './config.ts';
import { BALANCER_NAMES } from './config.ts';
import type { Distribution } from './distributions.ts';
import { DISTRIBUTION_TYPES, Sampler } from './distributions.ts';
import { SimulationConfigError, SimulationOverloadError, type RejectedSetting } from './errors.ts';
import type { ArrivalPattern, ClosedModel, EndpointSpec, OpenModel, Workload } from './workload.ts';
import { meanRatePerSec } from './arrivals.ts';
import { MIN_EVENTS_PER_REQUEST, SIMULATOR_LIMITS } from './limits.ts';

/** An endpoint ready for the engine. */
export interface NormalizedEndpoint {
  name: string;
  weight: number;
  service: Sampler;
}

export type NormalizedModel =
  | { kind: 'closed'; users: number; thinkTime: Sampler }
  | { kind: 'open'; users: number; arrivals: ArrivalPattern };

/** Resolved HPA scaling rules (seconds, as in Kubernetes). */
export interface NormalizedScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaScalingPolicy[];
}

export interface NormalizedHpa {
  kind: 'hpa';
  minReplicas: number;
  maxReplicas: number;
  targetUtilizationPercent: number;
  tolerance: number;
  syncPeriodMs: number;
  scaleUp: NormalizedScalingRules;
  scaleDown: NormalizedScalingRules;
}

export interface NormalizedTargetTracking {
  kind: 'target-tracking';
  minReplicas: number;
  maxReplicas: number;
  targetUtilizationPercent: number;
  evaluationPeriodMs: number;
  scaleOutDatapoints: number;
  scaleInDatapoints: number;
  scaleInMargin: number;
  scaleOutCooldownMs: number;
  scaleInCooldownMs: number;
  instanceWarmupMs: number;
}

export type NormalizedAutoscaler = NormalizedHpa | NormalizedTargetTracking;

/** A configuration with every default filled in and every distribution compiled. */
export interface NormalizedConfig {
  seed: number | string;
  /** Infinity when not set. */
  durationMs: number;
  /** Infinity when not set. */
  maxRequests: number;
  warmupMs: number;
  maxEvents: number;
  workload: Workload;
  endpoints: NormalizedEndpoint[];
  model: NormalizedModel;
  pool: {
    instances: number;
    workersPerInstance: number;
    queueCapacity: number;
    queueTimeoutMs: number;
    speedFactor: number;
    speedFactors: number[];
    weights: number[];
    provisioningDelayMs: number;
  };
  balancer: Required<BalancerConfig>;
  healthCheck: Required<HealthCheckConfig> | null;
  failures: { schedule: ScheduledFailure[]; rate: FailureRate | null };
  autoscaler: NormalizedAutoscaler | null;
  slo: SloConfig;
  pricePerInstanceHour: number;
  bucketMs: number;
  /** Offered load ÷ the largest capacity the pool can reach (open model), else null. */
  offeredUtilization: number | null;
}

/** Kubernetes' default behavior (autoscaling/v2). */
export const HPA_DEFAULT_SCALE_UP: NormalizedScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Percent', value: 100, periodSeconds: 15 },
    { type: 'Pods', value: 4, periodSeconds: 15 },
  ],
};
export const HPA_DEFAULT_SCALE_DOWN: NormalizedScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

type Json = Record<string, unknown>;

interface NumberRule {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  /** The simulator's own upper bound (SIMULATOR_LIMITS); its message says it is a limit. */
  limit?: number;
  integer?: boolean;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(field: string, rule: string, value: unknown): never {
  throw new SimulationConfigError(field, `${field} ${rule} (got ${describe(value)})`, rejected(rule, value));
}

/** The rule and the value as the error carries them. */
function rejected(rule: string, value: unknown): RejectedSetting {
  return typeof value === 'number' ? { rule, received: describe(value), receivedNumber: value } : { rule, received: describe(value) };
}

/** A rule for a size the simulator bounds (see limits.ts). */
function limited(rule: NumberRule, limit: number): NumberRule {
  return { ...rule, limit };
}

/** The value as an object; with `known`, a key outside the list (a typo) is an error. */
function objectAt(value: unknown, field: string, known?: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object', value);
  if (known) {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const path = join(field === 'config' ? '' : field, key);
        const rule = `is not a known field (known: ${known.join(', ')})`;
        throw new SimulationConfigError(path, `${path} ${rule}`, { rule });
      }
    }
  }
  return value as Json;
}

function arrayAt(value: unknown, field: string, limit?: number): unknown[] {
  if (!Array.isArray(value)) fail(field, 'must be an array', value);
  if (limit !== undefined && value.length > limit) {
    const rule = `must hold at most ${limit} items (the simulator's limit)`;
    throw new SimulationConfigError(field, `${field} ${rule} (got ${value.length})`, rejected(rule, value.length));
  }
  return value;
}

function checkNumber(value: unknown, field: string, rule: NumberRule): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(field, 'must be a number', value);
  if (rule.integer && !Number.isInteger(value)) fail(field, 'must be a whole number', value);
  if (rule.min !== undefined && !(value >= rule.min)) fail(field, `must be ≥ ${rule.min}`, value);
  if (rule.above !== undefined && !(value > rule.above)) fail(field, `must be > ${rule.above}`, value);
  if (rule.max !== undefined && !(value <= rule.max)) fail(field, `must be ≤ ${rule.max}`, value);
  if (rule.limit !== undefined && !(value <= rule.limit)) fail(field, `must be ≤ ${rule.limit} (the simulator's limit)`, value);
  if (!Number.isFinite(value)) fail(field, 'must be finite', value);
  return value;
}

/** A required number. */
function requiredNumber(object: Json, key: string, path: string, rule: NumberRule): number {
  const field = join(path, key);
  if (object[key] === undefined) throw new SimulationConfigError(field, `${field} is required`, { rule: 'is required' });
  return checkNumber(object[key], field, rule);
}

/** An optional number, or its default. */
function optionalNumber(object: Json, key: string, path: string, rule: NumberRule, fallback: number): number {
  return object[key] === undefined ? fallback : checkNumber(object[key], join(path, key), rule);
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) fail(field, `must be one of ${allowed.join(', ')}`, value);
  return value as T;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Fields each distribution type accepts. */
const DISTRIBUTION_FIELDS: Record<Distribution['type'], readonly string[]> = {
  exponential: ['type', 'meanMs'],
  constant: ['type', 'valueMs'],
  uniform: ['type', 'minMs', 'maxMs'],
  lognormal: ['type', 'medianMs', 'sigma'],
  empirical: ['type', 'valuesMs', 'meanMs'],
};

/** Validates a distribution of durations (ms). */
export function validateDistribution(value: unknown, field: string): Distribution {
  const type = oneOf(objectAt(value, field).type, join(field, 'type'), DISTRIBUTION_TYPES);
  const object = objectAt(value, field, DISTRIBUTION_FIELDS[type]);
  switch (type) {
    case 'exponential':
      return { type, meanMs: requiredNumber(object, 'meanMs', field, { above: 0 }) };
    case 'constant':
      return { type, valueMs: requiredNumber(object, 'valueMs', field, { min: 0 }) };
    case 'uniform': {
      const minMs = requiredNumber(object, 'minMs', field, { min: 0 });
      const maxMs = requiredNumber(object, 'maxMs', field, { min: minMs });
      return { type, minMs, maxMs };
    }
    case 'lognormal':
      return {
        type,
        medianMs: requiredNumber(object, 'medianMs', field, { above: 0 }),
        sigma: requiredNumber(object, 'sigma', field, { min: 0 }),
      };
    case 'empirical': {
      const values = arrayAt(object.valuesMs, join(field, 'valuesMs'), SIMULATOR_LIMITS.empiricalValues);
      if (values.length === 0) fail(join(field, 'valuesMs'), 'must hold at least one value', values);
      const valuesMs = values.map((v, i) => checkNumber(v, `${join(field, 'valuesMs')}[${i}]`, { min: 0 }));
      return object.meanMs === undefined
        ? { type, valuesMs }
        : { type, valuesMs, meanMs: checkNumber(object.meanMs, join(field, 'meanMs'), { min: 0 }) };
    }
  }
}

/** Fields each arrival pattern accepts. */
const ARRIVAL_FIELDS: Record<ArrivalPattern['pattern'], readonly string[]> = {
  constant: ['pattern', 'ratePerSec'],
  diurnal: ['pattern', 'meanRatePerSec', 'amplitude', 'periodMs', 'phaseMs'],
  step: ['pattern', 'steps'],
};

/** Validates an arrival pattern (open model). */
export function validateArrivals(value: unknown, field: string): ArrivalPattern {
  const pattern = oneOf(objectAt(value, field).pattern, join(field, 'pattern'), ['constant', 'diurnal', 'step'] as const);
  const object = objectAt(value, field, ARRIVAL_FIELDS[pattern]);
  switch (pattern) {
    case 'constant':
      return { pattern, ratePerSec: requiredNumber(object, 'ratePerSec', field, { above: 0 }) };
    case 'diurnal':
      return {
        pattern,
        meanRatePerSec: requiredNumber(object, 'meanRatePerSec', field, { above: 0 }),
        amplitude: requiredNumber(object, 'amplitude', field, { min: 0, max: 1 }),
        periodMs: requiredNumber(object, 'periodMs', field, { above: 0 }),
        phaseMs: optionalNumber(object, 'phaseMs', field, {}, 0),
      };
    case 'step': {
      const stepsField = join(field, 'steps');
      const raw = arrayAt(object.steps, stepsField);
      if (raw.length === 0) fail(stepsField, 'must hold at least one step', raw);
      const steps = raw.map((entry, i) => {
        const step = objectAt(entry, `${stepsField}[${i}]`, ['atMs', 'ratePerSec']);
        return {
          atMs: requiredNumber(step, 'atMs', `${stepsField}[${i}]`, { min: 0 }),
          ratePerSec: requiredNumber(step, 'ratePerSec', `${stepsField}[${i}]`, { min: 0 }),
        };
      });
      steps.forEach((step, i) => {
        if (i > 0 && step.atMs <= steps[i - 1]!.atMs) fail(`${stepsField}[${i}].atMs`, 'must be later than the previous step', step.atMs);
      });
      if (!steps.some((step) => step.ratePerSec > 0)) fail(stepsField, 'must have a step with ratePerSec > 0', raw);
      return { pattern, steps };
    }
  }
}

function validateEndpoint(value: unknown, field: string): EndpointSpec {
  const object = objectAt(value, field, ['name', 'weight', 'service', 'observed']);
  if (typeof object.name !== 'string' || object.name === '') fail(join(field, 'name'), 'must be a non-empty string', object.name);
  const endpoint: EndpointSpec = {
    name: object.name,
    weight: optionalNumber(object, 'weight', field, { above: 0 }, 1),
    service: validateDistribution(object.service, join(field, 'service')),
  };
  if (object.observed !== undefined) endpoint.observed = object.observed as EndpointSpec['observed'];
  return endpoint;
}

function validateModel(value: unknown, field: string): ClosedModel | OpenModel {
  const kind = oneOf(objectAt(value, field).kind, join(field, 'kind'), ['closed', 'open'] as const);
  const object = objectAt(value, field, kind === 'closed' ? ['kind', 'users', 'thinkTime'] : ['kind', 'arrivals', 'users']);
  if (kind === 'closed') {
    return {
      kind,
      users: requiredNumber(object, 'users', field, limited({ min: 1, integer: true }, SIMULATOR_LIMITS.users)),
      thinkTime: validateDistribution(object.thinkTime, join(field, 'thinkTime')),
    };
  }
  return {
    kind,
    arrivals: validateArrivals(object.arrivals, join(field, 'arrivals')),
    users: optionalNumber(object, 'users', field, limited({ min: 1, integer: true }, SIMULATOR_LIMITS.users), 1000),
  };
}

/** Validates a hand-written or derived workload; `field` prefixes error paths. */
export function validateWorkload(value: unknown, field = 'workload'): Workload {
  const object = objectAt(value, field, ['format', 'version', 'name', 'endpoints', 'model', 'source']);
  const endpointsField = join(field, 'endpoints');
  const endpoints = arrayAt(object.endpoints, endpointsField, SIMULATOR_LIMITS.endpoints);
  if (endpoints.length === 0) fail(endpointsField, 'must hold at least one endpoint (the workload has no requests)', endpoints);
  const workload: Workload = {
    endpoints: endpoints.map((endpoint, i) => validateEndpoint(endpoint, `${endpointsField}[${i}]`)),
    model: validateModel(object.model, join(field, 'model')),
  };
  if (typeof object.name === 'string') workload.name = object.name;
  if (object.source !== undefined) workload.source = object.source as Workload['source'];
  return workload;
}

function validatePool(value: unknown): NormalizedConfig['pool'] {
  const pool = objectAt(value, 'pool', ['instances', 'workersPerInstance', 'queue', 'speedFactor', 'speedFactors', 'weights', 'provisioningDelayMs']);
  const instances = requiredNumber(pool, 'instances', 'pool', limited({ min: 1, integer: true }, SIMULATOR_LIMITS.instances));
  const workersPerInstance = optionalNumber(pool, 'workersPerInstance', 'pool', limited({ min: 1, integer: true }, SIMULATOR_LIMITS.workersPerInstance), 1);
  const queue = pool.queue === undefined ? {} : objectAt(pool.queue, 'pool.queue', ['capacity', 'timeoutMs']);
  const speedFactor = optionalNumber(pool, 'speedFactor', 'pool', { above: 0 }, 1);
  const speedFactors =
    pool.speedFactors === undefined
      ? []
      : arrayAt(pool.speedFactors, 'pool.speedFactors').map((v, i) => checkNumber(v, `pool.speedFactors[${i}]`, { above: 0 }));
  const weights =
    pool.weights === undefined ? [] : arrayAt(pool.weights, 'pool.weights').map((v, i) => checkNumber(v, `pool.weights[${i}]`, { above: 0 }));
  return {
    instances,
    workersPerInstance,
    queueCapacity: queue.capacity === undefined ? Infinity : checkNumber(queue.capacity, 'pool.queue.capacity', { min: 0, integer: true }),
    queueTimeoutMs: queue.timeoutMs === undefined ? Infinity : checkNumber(queue.timeoutMs, 'pool.queue.timeoutMs', { above: 0 }),
    speedFactor,
    speedFactors,
    weights,
    provisioningDelayMs: optionalNumber(pool, 'provisioningDelayMs', 'pool', { min: 0 }, 0),
  };
}

function validateBalancer(value: unknown): Required<BalancerConfig> {
  const object: Json = value === undefined ? { name: 'round-robin' } : typeof value === 'string' ? { name: value } : objectAt(value, 'balancer', ['name', 'virtualNodes', 'decayMs', 'initialLatencyMs']);
  const name: BalancerName = oneOf(object.name, typeof value === 'string' ? 'balancer' : 'balancer.name', BALANCER_NAMES);
  return {
    name,
    virtualNodes: optionalNumber(object, 'virtualNodes', 'balancer', { min: 1, integer: true }, 160),
    decayMs: optionalNumber(object, 'decayMs', 'balancer', { above: 0 }, 10_000),
    initialLatencyMs: optionalNumber(object, 'initialLatencyMs', 'balancer', { min: 0 }, 0),
  };
}

function validateHealthCheck(value: unknown): Required<HealthCheckConfig> | null {
  if (value === undefined || value === null) return null;
  const object = objectAt(value, 'healthCheck', ['intervalMs', 'timeoutMs', 'unhealthyThreshold', 'healthyThreshold']);
  return {
    intervalMs: optionalNumber(object, 'intervalMs', 'healthCheck', { above: 0 }, 10_000),
    timeoutMs: optionalNumber(object, 'timeoutMs', 'healthCheck', { above: 0 }, 1000),
    unhealthyThreshold: optionalNumber(object, 'unhealthyThreshold', 'healthCheck', { min: 1, integer: true }, 3),
    healthyThreshold: optionalNumber(object, 'healthyThreshold', 'healthCheck', { min: 1, integer: true }, 1),
  };
}

function validateFailures(value: unknown): NormalizedConfig['failures'] {
  if (value === undefined || value === null) return { schedule: [], rate: null };
  const object = objectAt(value, 'failures', ['schedule', 'rate']);
  const schedule =
    object.schedule === undefined
      ? []
      : arrayAt(object.schedule, 'failures.schedule', SIMULATOR_LIMITS.scheduledFailures).map((entry, i) => {
          const path = `failures.schedule[${i}]`;
          const failure = objectAt(entry, path, ['atMs', 'instance', 'durationMs']);
          return {
            atMs: requiredNumber(failure, 'atMs', path, { min: 0 }),
            instance: requiredNumber(failure, 'instance', path, { min: 0, integer: true }),
            durationMs: requiredNumber(failure, 'durationMs', path, { above: 0 }),
          };
        });
  let rate: FailureRate | null = null;
  if (object.rate !== undefined) {
    const r = objectAt(object.rate, 'failures.rate', ['meanTimeBetweenFailuresMs', 'meanTimeToRecoverMs']);
    rate = {
      meanTimeBetweenFailuresMs: requiredNumber(r, 'meanTimeBetweenFailuresMs', 'failures.rate', { above: 0 }),
      meanTimeToRecoverMs: requiredNumber(r, 'meanTimeToRecoverMs', 'failures.rate', { above: 0 }),
    };
  }
  return { schedule, rate };
}

function validateScalingRules(value: unknown, field: string, defaults: NormalizedScalingRules): NormalizedScalingRules {
  if (value === undefined) return defaults;
  const object = objectAt(value, field, ['stabilizationWindowSeconds', 'selectPolicy', 'policies']);
  const policies =
    object.policies === undefined
      ? defaults.policies
      : arrayAt(object.policies, join(field, 'policies')).map((entry, i) => {
          const path = `${join(field, 'policies')}[${i}]`;
          const policy = objectAt(entry, path, ['type', 'value', 'periodSeconds']);
          return {
            type: oneOf(policy.type, join(path, 'type'), ['Pods', 'Percent'] as const),
            value: requiredNumber(policy, 'value', path, { above: 0, integer: true }),
            periodSeconds: requiredNumber(policy, 'periodSeconds', path, { above: 0, max: 1800, integer: true }),
          };
        });
  return {
    stabilizationWindowSeconds: optionalNumber(object, 'stabilizationWindowSeconds', field, { min: 0, max: 3600, integer: true }, defaults.stabilizationWindowSeconds),
    selectPolicy: object.selectPolicy === undefined ? defaults.selectPolicy : oneOf(object.selectPolicy, join(field, 'selectPolicy'), ['Max', 'Min', 'Disabled'] as const),
    policies,
  };
}

function validateReplicaBounds(object: Json, initial: number): { minReplicas: number; maxReplicas: number } {
  const minReplicas = optionalNumber(object, 'minReplicas', 'autoscaler', { min: 1, integer: true }, 1);
  const maxReplicas = requiredNumber(object, 'maxReplicas', 'autoscaler', limited({ min: Math.max(minReplicas, 1), integer: true }, SIMULATOR_LIMITS.instances));
  if (initial > maxReplicas) fail('pool.instances', `must be ≤ autoscaler.maxReplicas (${maxReplicas})`, initial);
  return { minReplicas, maxReplicas };
}

const AUTOSCALER_FIELDS = {
  hpa: ['kind', 'minReplicas', 'maxReplicas', 'targetUtilizationPercent', 'tolerance', 'syncPeriodMs', 'behavior'],
  'target-tracking': [
    'kind', 'minReplicas', 'maxReplicas', 'targetUtilizationPercent', 'evaluationPeriodMs', 'scaleOutDatapoints', 'scaleInDatapoints',
    'scaleInMargin', 'scaleOutCooldownMs', 'scaleInCooldownMs', 'instanceWarmupMs',
  ],
} as const;

const CONFIG_FIELDS = [
  'seed', 'durationMs', 'maxRequests', 'warmupMs', 'maxEvents', 'allowOverload', 'workload', 'pool', 'balancer', 'healthCheck', 'failures',
  'autoscaler', 'slo', 'cost', 'output',
] as const;

/** Validates an autoscaler; `initial` is pool.instances. */
export function validateAutoscaler(value: unknown, initial: number): NormalizedAutoscaler | null {
  if (value === undefined || value === null) return null;
  const kind = oneOf(objectAt(value, 'autoscaler').kind, 'autoscaler.kind', ['hpa', 'target-tracking'] as const);
  const object = objectAt(value, 'autoscaler', AUTOSCALER_FIELDS[kind]);
  const bounds = validateReplicaBounds(object, initial);
  const targetUtilizationPercent = requiredNumber(object, 'targetUtilizationPercent', 'autoscaler', { above: 0, max: 100 });
  if (kind === 'hpa') {
    const behavior = object.behavior === undefined ? {} : objectAt(object.behavior, 'autoscaler.behavior', ['scaleUp', 'scaleDown']);
    return {
      kind,
      ...bounds,
      targetUtilizationPercent,
      tolerance: optionalNumber(object, 'tolerance', 'autoscaler', { min: 0, max: 1 }, 0.1),
      syncPeriodMs: optionalNumber(object, 'syncPeriodMs', 'autoscaler', { above: 0 }, 15_000),
      scaleUp: validateScalingRules(behavior.scaleUp, 'autoscaler.behavior.scaleUp', HPA_DEFAULT_SCALE_UP),
      scaleDown: validateScalingRules(behavior.scaleDown, 'autoscaler.behavior.scaleDown', HPA_DEFAULT_SCALE_DOWN),
    };
  }
  return {
    kind,
    ...bounds,
    targetUtilizationPercent,
    evaluationPeriodMs: optionalNumber(object, 'evaluationPeriodMs', 'autoscaler', { above: 0 }, 60_000),
    scaleOutDatapoints: optionalNumber(object, 'scaleOutDatapoints', 'autoscaler', { min: 1, integer: true }, 3),
    scaleInDatapoints: optionalNumber(object, 'scaleInDatapoints', 'autoscaler', { min: 1, integer: true }, 15),
    scaleInMargin: optionalNumber(object, 'scaleInMargin', 'autoscaler', { min: 0, max: 1 }, 0.1),
    scaleOutCooldownMs: optionalNumber(object, 'scaleOutCooldownMs', 'autoscaler', { min: 0 }, 300_000),
    scaleInCooldownMs: optionalNumber(object, 'scaleInCooldownMs', 'autoscaler', { min: 0 }, 300_000),
    instanceWarmupMs: optionalNumber(object, 'instanceWarmupMs', 'autoscaler', { min: 0 }, 300_000),
  };
}

function validateSlo(value: unknown): SloConfig {
  if (value === undefined) return { latencyMs: 300, percentile: 95 };
  const object = objectAt(value, 'slo', ['latencyMs', 'percentile']);
  return {
    latencyMs: requiredNumber(object, 'latencyMs', 'slo', { above: 0 }),
    percentile: requiredNumber(object, 'percentile', 'slo', { above: 0, max: 100 }),
  };
}

/** Mean server time over the request mix, ms (on an instance of speed 1). */
export function meanServiceMs(endpoints: readonly NormalizedEndpoint[]): number {
  let weighted = 0;
  let total = 0;
  for (const endpoint of endpoints) {
    weighted += endpoint.weight * endpoint.service.mean;
    total += endpoint.weight;
  }
  return weighted / total;
}

/** Largest service capacity the pool can reach: workers × speed, summed (at maxReplicas when autoscaled). */
function peakCapacity(pool: NormalizedConfig['pool'], autoscaler: NormalizedAutoscaler | null): number {
  let capacity = 0;
  for (let i = 0; i < pool.instances; i++) capacity += pool.workersPerInstance * (pool.speedFactors[i] ?? pool.speedFactor);
  if (autoscaler) capacity = Math.max(capacity, autoscaler.maxReplicas * pool.workersPerInstance * pool.speedFactor);
  return capacity;
}

/** A round bucket width near duration / 100: 1, 2 or 5 × 10^k ms. */
export function roundBucketMs(durationMs: number): number {
  const raw = Math.max(1, durationMs / 100);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const step of [1, 2, 5, 10]) if (raw <= step * power) return step * power;
  return 10 * power;
}

function expectedDurationMs(config: Pick<NormalizedConfig, 'durationMs' | 'maxRequests' | 'model' | 'endpoints'>): number {
  if (Number.isFinite(config.durationMs)) return config.durationMs;
  const model = config.model;
  const ratePerMs =
    model.kind === 'open'
      ? meanRatePerSec(model.arrivals, Infinity) / 1000
      : model.users / (model.thinkTime.mean + meanServiceMs(config.endpoints) + 1e-9);
  return config.maxRequests / ratePerMs;
}

function checkOverload(config: NormalizedConfig, allowOverload: boolean): number | null {
  const model = config.model;
  if (model.kind !== 'open') return null;
  const ratePerSec = meanRatePerSec(model.arrivals, config.durationMs);
  const serviceMs = meanServiceMs(config.endpoints);
  const capacity = peakCapacity(config.pool, config.autoscaler);
  const utilization = ((ratePerSec / 1000) * serviceMs) / capacity;
  const unbounded = config.pool.queueCapacity === Infinity && config.pool.queueTimeoutMs === Infinity;
  if (utilization >= 1 && unbounded && !allowOverload) {
    throw new SimulationOverloadError(
      utilization,
      `offered utilization is ${utilization.toFixed(3)} (${round(ratePerSec)} requests/s × ${round(serviceMs)} ms mean service ÷ ` +
        `${round(capacity)} workers×speed at most): with unbounded queues the backlog grows without limit and the run would never settle. ` +
        'Add instances or workers, lower the arrival rate, bound the queues (pool.queue.capacity or pool.queue.timeoutMs), or set allowOverload: true.',
    );
  }
  return utilization;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Validates a configuration (untrusted JSON is fine) and fills its defaults.
 * Throws SimulationConfigError naming the bad field, or SimulationOverloadError for an open model
 * that would overload unbounded queues.
 */
export function validateConfig(input: unknown): NormalizedConfig {
  const object = objectAt(input, 'config', CONFIG_FIELDS);
  const config = object as unknown as SimulationConfig;
  const seed = config.seed === undefined ? 1 : typeof config.seed === 'string' ? config.seed : checkNumber(config.seed, 'seed', { integer: true });
  const durationMs = optionalNumber(object, 'durationMs', '', limited({ above: 0 }, SIMULATOR_LIMITS.durationMs), Infinity);
  const maxRequests = optionalNumber(object, 'maxRequests', '', limited({ min: 1, integer: true }, SIMULATOR_LIMITS.maxRequests), Infinity);
  if (durationMs === Infinity && maxRequests === Infinity) {
    throw new SimulationConfigError('durationMs', 'durationMs or maxRequests is required (otherwise the run would never end)');
  }
  const workload = validateWorkload(object.workload);
  const pool = validatePool(object.pool);
  const endpoints = workload.endpoints.map((endpoint) => ({ name: endpoint.name, weight: endpoint.weight, service: Sampler.of(endpoint.service) }));
  const model: NormalizedModel =
    workload.model.kind === 'closed'
      ? { kind: 'closed', users: workload.model.users, thinkTime: Sampler.of(workload.model.thinkTime) }
      : { kind: 'open', users: workload.model.users ?? 1000, arrivals: workload.model.arrivals };
  const autoscaler = validateAutoscaler(object.autoscaler as AutoscalerConfig | undefined, pool.instances);
  const warmupMs = optionalNumber(object, 'warmupMs', '', { min: 0 }, 0);
  if (warmupMs >= durationMs) fail('warmupMs', `must be < durationMs (${durationMs})`, warmupMs);
  const cost = object.cost === undefined ? {} : objectAt(object.cost, 'cost', ['pricePerInstanceHour']);
  const output = object.output === undefined ? {} : objectAt(object.output, 'output', ['bucketMs']);
  const normalized: NormalizedConfig = {
    seed,
    durationMs,
    maxRequests,
    warmupMs,
    maxEvents: optionalNumber(object, 'maxEvents', '', limited({ min: 1, integer: true }, SIMULATOR_LIMITS.maxEvents), 200_000_000),
    workload,
    endpoints,
    model,
    pool,
    balancer: validateBalancer(object.balancer),
    healthCheck: validateHealthCheck(object.healthCheck),
    failures: validateFailures(object.failures),
    autoscaler,
    slo: validateSlo(object.slo),
    pricePerInstanceHour: optionalNumber(cost, 'pricePerInstanceHour', 'cost', { min: 0 }, 0),
    bucketMs: 0,
    offeredUtilization: null,
  };
  normalized.bucketMs = optionalNumber(output, 'bucketMs', 'output', { above: 0 }, roundBucketMs(expectedDurationMs(normalized)));
  normalized.offeredUtilization = checkOverload(normalized, object.allowOverload === true);
  checkEventBudget(normalized);
  return normalized;
}

/**
 * Refuses a run that would need more events than any maxEvents allows (SIMULATOR_LIMITS), before
 * it starts: its requests (arrivals, or users' throughput bounded by the pool's capacity, over the
 * duration) times the two events each costs at least.
 */
function checkEventBudget(config: NormalizedConfig): void {
  const model = config.model;
  const serviceMs = meanServiceMs(config.endpoints);
  const capacityPerMs = peakCapacity(config.pool, config.autoscaler) / Math.max(serviceMs, 1e-9);
  const ratePerMs =
    model.kind === 'open'
      ? meanRatePerSec(model.arrivals, config.durationMs) / 1000
      : Math.min(model.users / (model.thinkTime.mean + serviceMs + 1e-9), capacityPerMs);
  const requests = Math.min(config.maxRequests, Number.isFinite(config.durationMs) ? ratePerMs * config.durationMs : Infinity);
  const events = requests * MIN_EVENTS_PER_REQUEST;
  if (events <= SIMULATOR_LIMITS.maxEvents) return;
  const field = Number.isFinite(config.durationMs) ? 'durationMs' : 'maxRequests';
  const rule =
    `would need at least ${Math.round(events).toExponential(2)} events, more than the simulator's limit of ${SIMULATOR_LIMITS.maxEvents} ` +
    '(shorten the run or lower the load)';
  const received = field === 'durationMs' ? config.durationMs : config.maxRequests;
  throw new SimulationConfigError(field, `${field} ${rule} (got ${received})`, rejected(rule, received));
}
