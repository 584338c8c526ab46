/**
 * The Simulate view's form model: defaults from a session's workload (the think-time rule, the
 * suggested open-model rate), and the translation of the typed text into an engine
 * configuration (seconds to ms, empty = left out, models, balancers, autoscalers, variants).
 */
import { describe, expect, it } from 'vitest';
import { applyChanges, validateConfig, type Distribution, type SimulationConfig, type Workload } from '../../../../src/core/simulator/index';
import {
  autoscalerOf,
  balancerOf,
  configOf,
  defaultForm,
  describeVariant,
  HUMAN_THINK_MIN_MS,
  measuredThinkMeanMs,
  numberIn,
  variantChanges,
  variantsOf,
  type SimulationForm,
  type VariantForm,
} from '../../../../src/panel/simulate/form';

const ENDPOINTS: Workload['endpoints'] = [
  { name: 'GET /api/users', weight: 3, service: { type: 'exponential', meanMs: 20 } },
  { name: 'POST /api/users/:id', weight: 1, service: { type: 'constant', valueMs: 40 } },
];

/** A workload as workloadFromSession derives it: closed, with measured think time and a source. */
function derived(thinkTime: Distribution, options: { thinkTimeSamples?: number; observedRatePerSec?: number } = {}): Workload {
  return {
    name: 'From session s1',
    endpoints: ENDPOINTS,
    model: { kind: 'closed', users: 100, thinkTime },
    source: { sessionId: 's1', apiRequests: 40, skippedRequests: 3, thinkTimeSamples: options.thinkTimeSamples ?? 12, observedRatePerSec: options.observedRatePerSec ?? 0.37 },
  };
}

const empirical = (valuesMs: number[], meanMs?: number): Distribution => (meanMs === undefined ? { type: 'empirical', valuesMs } : { type: 'empirical', valuesMs, meanMs });

describe('measuredThinkMeanMs', () => {
  it('uses the fitted mean of an empirical think time when there is one', () => {
    expect(measuredThinkMeanMs(derived(empirical([100, 200], 4200)))).toBe(4200);
  });

  it('averages the values of an empirical think time without a fitted mean', () => {
    expect(measuredThinkMeanMs(derived(empirical([1000, 2000, 6000])))).toBe(3000);
    // No values and no mean: 0, not NaN (the divisor is at least 1).
    expect(measuredThinkMeanMs(derived(empirical([])))).toBe(0);
  });

  it('takes the mean of an exponential think time, and knows no mean for other shapes', () => {
    expect(measuredThinkMeanMs(derived({ type: 'exponential', meanMs: 7000 }))).toBe(7000);
    expect(measuredThinkMeanMs(derived({ type: 'constant', valueMs: 7000 }))).toBeNull();
    expect(measuredThinkMeanMs(derived({ type: 'uniform', minMs: 1000, maxMs: 3000 }))).toBeNull();
  });

  it('is null without a workload, for an open model, and when no gap was measured', () => {
    expect(measuredThinkMeanMs(null)).toBeNull();
    expect(measuredThinkMeanMs(derived(empirical([5000]), { thinkTimeSamples: 0 }))).toBeNull();
    const open: Workload = { endpoints: ENDPOINTS, model: { kind: 'open', arrivals: { pattern: 'constant', ratePerSec: 5 } }, source: derived(empirical([5000])).source! };
    expect(measuredThinkMeanMs(open)).toBeNull();
    const { source: _source, ...handWritten } = derived(empirical([5000]));
    expect(measuredThinkMeanMs(handWritten)).toBeNull();
  });
});

describe('defaultForm: the think-time rule', () => {
  it('proposes the measured think time when its mean is at least 1 s', () => {
    expect(HUMAN_THINK_MIN_MS).toBe(1000);
    expect(defaultForm(derived(empirical([800, 1200], 1000))).thinkTime).toBe('measured');
    expect(defaultForm(derived(empirical([], 45_000))).thinkTime).toBe('measured');
  });

  it('proposes exponential 5 s when the measured gaps are shorter than a person thinks', () => {
    const form = defaultForm(derived(empirical([2, 5, 8], 999.9)));
    expect(form.thinkTime).toBe('exponential');
    expect(form.thinkMeanMs).toBe('5000');
    expect(defaultForm(derived(empirical([0, 0]))).thinkTime).toBe('exponential');
  });

  it('proposes exponential 5 s without a workload or without measured gaps', () => {
    expect(defaultForm(null).thinkTime).toBe('exponential');
    expect(defaultForm(derived(empirical([9000], 9000), { thinkTimeSamples: 0 })).thinkTime).toBe('exponential');
  });

  it('turns the rule into the engine think time: measured keeps the workload distribution, exponential uses the typed mean', () => {
    const measured = empirical([1500, 2500], 2000);
    const workload = derived(measured);
    const form = defaultForm(workload);
    expect(configOf(form, workload).workload.model).toEqual({ kind: 'closed', users: 100, thinkTime: measured });
    const fast = derived(empirical([3, 4], 3.5));
    expect(configOf(defaultForm(fast), fast).workload.model).toEqual({ kind: 'closed', users: 100, thinkTime: { type: 'exponential', meanMs: 5000 } });
  });
});

describe('defaultForm: the rest of the starting values', () => {
  it('suggests an open-model rate of the captured user rate × 100 users, rounded up to 1, 2 or 5 × 10^k', () => {
    // 0.37 req/s per user × 100 users = 37 req/s -> 50; the second step doubles it (100).
    const form = defaultForm(derived(empirical([2000], 2000), { observedRatePerSec: 0.37 }));
    expect(form.ratePerSec).toBe('50');
    expect(form.diurnalMeanPerSec).toBe('50');
    expect(form.steps).toEqual([
      { atS: '0', ratePerSec: '50' },
      { atS: '300', ratePerSec: '100' },
    ]);
    const rate = (perUser: number) => defaultForm(derived(empirical([2000], 2000), { observedRatePerSec: perUser })).ratePerSec;
    expect(rate(0.01)).toBe('1');
    expect(rate(0.011)).toBe('2');
    expect(rate(0.2)).toBe('20');
    expect(rate(0.21)).toBe('50');
    expect(rate(0.51)).toBe('100');
    expect(rate(123.4)).toBe('20000');
    // Below 1 req/s the suggestion stays a plain decimal the field can hold.
    expect(rate(0.001234)).toBe('0.2');
  });

  it('keeps exact nice values (1, 2 and 5 × 10^k) as they are', () => {
    for (let k = -3; k <= 4; k++) {
      for (const m of [1, 2, 5]) {
        const nice = m * 10 ** k;
        const form = defaultForm(derived(empirical([2000], 2000), { observedRatePerSec: nice / 100 }));
        expect(Number(form.ratePerSec)).toBeCloseTo(nice, 12);
      }
    }
  });

  it('falls back to 50 req/s when no rate was observed (none, zero, negative, NaN)', () => {
    expect(defaultForm(null).ratePerSec).toBe('50');
    for (const perUser of [0, -3, Number.NaN]) {
      expect(defaultForm(derived(empirical([2000], 2000), { observedRatePerSec: perUser })).ratePerSec).toBe('50');
    }
  });

  it('starts as a closed model of 100 users over 2 × 4 workers for 10 min, nothing optional switched on', () => {
    const form = defaultForm(null);
    expect(form).toMatchObject({
      model: 'closed',
      users: '100',
      durationS: '600',
      warmupS: '0',
      seed: '1',
      instances: '2',
      workersPerInstance: '4',
      queueCapacity: '',
      queueTimeoutMs: '',
      balancer: 'round-robin',
      healthChecks: false,
      failureRate: false,
      failureSchedule: [],
      autoscaler: 'none',
      sloLatencyMs: '300',
      sloPercentile: '95',
      pricePerInstanceHour: '0.10',
    });
  });

  it('gives defaults the engine accepts for every model, pattern, balancer and autoscaler', () => {
    const workload = derived(empirical([1500, 2500], 2000));
    const base = defaultForm(workload);
    const forms: Partial<SimulationForm>[] = [
      {},
      { thinkTime: 'exponential' },
      { model: 'open', arrivals: 'constant' },
      { model: 'open', arrivals: 'diurnal' },
      { model: 'open', arrivals: 'step' },
      { balancer: 'consistent-hash' },
      { balancer: 'peak-ewma' },
      { balancer: 'power-of-two' },
      { autoscaler: 'hpa' },
      { autoscaler: 'target-tracking' },
      { healthChecks: true, failureRate: true, failureSchedule: [{ instance: '1', atS: '60', durationS: '30' }] },
      { queueCapacity: '50', queueTimeoutMs: '2000' },
    ];
    for (const patch of forms) {
      const config = configOf({ ...base, ...patch }, workload);
      expect(() => validateConfig(config), JSON.stringify(patch)).not.toThrow();
    }
  });
});

describe('numberIn', () => {
  it('reads the number typed, undefined for an empty field, NaN for text that is no number', () => {
    expect(numberIn('42')).toBe(42);
    expect(numberIn('  0.25 ')).toBe(0.25);
    expect(numberIn('-3')).toBe(-3);
    expect(numberIn('0')).toBe(0);
    expect(numberIn('1e3')).toBe(1000);
    expect(numberIn('')).toBeUndefined();
    expect(numberIn('   ')).toBeUndefined();
    expect(numberIn('abc')).toBeNaN();
    // A decimal comma is not a number: the engine then names the field.
    expect(numberIn('1,5')).toBeNaN();
  });
});

describe('configOf', () => {
  const workload = derived(empirical([1500, 2500], 2000));
  const form = (patch: Partial<SimulationForm> = {}): SimulationForm => ({ ...defaultForm(workload), ...patch });

  it('converts seconds to ms and keeps ms fields as typed', () => {
    const config = configOf(form({ durationS: '90', warmupS: '1.5', provisioningDelayS: '45', queueTimeoutMs: '2500', queueCapacity: '10' }), workload);
    expect(config.durationMs).toBe(90_000);
    expect(config.warmupMs).toBe(1500);
    expect(config.pool).toEqual({ instances: 2, workersPerInstance: 4, queue: { capacity: 10, timeoutMs: 2500 }, provisioningDelayMs: 45_000 });
    expect(config.slo).toEqual({ latencyMs: 300, percentile: 95 });
    expect(config.cost).toEqual({ pricePerInstanceHour: 0.1 });
  });

  it('leaves empty optional fields out (no undefined keys), and prices an empty price at 0', () => {
    const config = configOf(form({ queueCapacity: '', queueTimeoutMs: ' ', workersPerInstance: '', warmupS: '', provisioningDelayS: '', pricePerInstanceHour: '' }), workload);
    expect(config.pool).toEqual({ instances: 2 });
    expect('warmupMs' in config).toBe(false);
    expect(config.cost).toEqual({ pricePerInstanceHour: 0 });
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    for (const key of ['healthCheck', 'failures', 'autoscaler']) expect(key in config, key).toBe(false);
  });

  it('keeps a partly filled queue: only the fields typed', () => {
    expect(configOf(form({ queueCapacity: '0' }), workload).pool.queue).toEqual({ capacity: 0 });
    expect(configOf(form({ queueTimeoutMs: '750' }), workload).pool.queue).toEqual({ timeoutMs: 750 });
  });

  it('reads a whole-number seed as a number and any other seed as a string', () => {
    expect(configOf(form({ seed: '42' }), workload).seed).toBe(42);
    expect(configOf(form({ seed: ' -7 ' }), workload).seed).toBe(-7);
    expect(configOf(form({ seed: 'launch day' }), workload).seed).toBe('launch day');
    expect(configOf(form({ seed: '1.5' }), workload).seed).toBe('1.5');
    expect('seed' in configOf(form({ seed: '  ' }), workload)).toBe(false);
  });

  it('keeps the workload endpoints, name and source, and replaces only the model', () => {
    const config = configOf(form({ users: '250' }), workload);
    expect(config.workload.endpoints).toBe(workload.endpoints);
    expect(config.workload.name).toBe('From session s1');
    expect(config.workload.source).toEqual(workload.source);
    expect(config.workload.model).toMatchObject({ kind: 'closed', users: 250 });
    // The workload passed in is not changed.
    expect(workload.model).toEqual({ kind: 'closed', users: 100, thinkTime: empirical([1500, 2500], 2000) });
  });

  it('uses exponential 5 s for "measured" think time when the workload has no closed model to measure from', () => {
    const open: Workload = { endpoints: ENDPOINTS, model: { kind: 'open', arrivals: { pattern: 'constant', ratePerSec: 3 } } };
    const config = configOf({ ...defaultForm(open), thinkTime: 'measured', thinkMeanMs: '123' }, open);
    expect(config.workload.model).toEqual({ kind: 'closed', users: 100, thinkTime: { type: 'exponential', meanMs: 5000 } });
    expect('name' in config.workload).toBe(false);
  });

  it('writes each arrival pattern of the open model, periods and step times in ms', () => {
    expect(configOf(form({ model: 'open', arrivals: 'constant', ratePerSec: '12.5', users: '3000' }), workload).workload.model).toEqual({
      kind: 'open',
      users: 3000,
      arrivals: { pattern: 'constant', ratePerSec: 12.5 },
    });
    expect(configOf(form({ model: 'open', arrivals: 'diurnal', diurnalMeanPerSec: '20', diurnalAmplitude: '0.8', diurnalPeriodS: '3600' }), workload).workload.model).toEqual({
      kind: 'open',
      users: 100,
      arrivals: { pattern: 'diurnal', meanRatePerSec: 20, amplitude: 0.8, periodMs: 3_600_000 },
    });
    const steps = [
      { atS: '0', ratePerSec: '5' },
      { atS: '120', ratePerSec: '40' },
      { atS: '240.5', ratePerSec: '0' },
    ];
    expect(configOf(form({ model: 'open', arrivals: 'step', steps }), workload).workload.model).toEqual({
      kind: 'open',
      users: 100,
      arrivals: {
        pattern: 'step',
        steps: [
          { atMs: 0, ratePerSec: 5 },
          { atMs: 120_000, ratePerSec: 40 },
          { atMs: 240_500, ratePerSec: 0 },
        ],
      },
    });
  });

  it('leaves the open model population to the engine default when the users field is empty', () => {
    const model = configOf(form({ model: 'open', users: '' }), workload).workload.model;
    expect(model).toEqual({ kind: 'open', arrivals: { pattern: 'constant', ratePerSec: 50 } });
    expect(validateConfig(configOf(form({ model: 'open', users: '' }), workload)).model).toMatchObject({ kind: 'open', users: 1000 });
  });

  it('adds health checks, failure rate and scheduled failures only when switched on, times in ms', () => {
    const config = configOf(
      form({
        healthChecks: true,
        healthIntervalMs: '5000',
        healthTimeoutMs: '',
        unhealthyThreshold: '2',
        healthyThreshold: '1',
        failureRate: true,
        mtbfS: '1800',
        mttrS: '90',
        failureSchedule: [
          { instance: '0', atS: '60', durationS: '30' },
          { instance: '1', atS: '0.5', durationS: '600' },
        ],
      }),
      workload,
    );
    expect(config.healthCheck).toEqual({ intervalMs: 5000, unhealthyThreshold: 2, healthyThreshold: 1 });
    expect(config.failures).toEqual({
      rate: { meanTimeBetweenFailuresMs: 1_800_000, meanTimeToRecoverMs: 90_000 },
      schedule: [
        { instance: 0, atMs: 60_000, durationMs: 30_000 },
        { instance: 1, atMs: 500, durationMs: 600_000 },
      ],
    });
    // Scheduled failures alone, without a rate.
    expect(configOf(form({ failureSchedule: [{ instance: '0', atS: '1', durationS: '2' }] }), workload).failures).toEqual({
      schedule: [{ instance: 0, atMs: 1000, durationMs: 2000 }],
    });
  });

  it('hands typing mistakes to the engine as NaN, which names the field', () => {
    const config = configOf(form({ instances: 'two' }), workload);
    expect(config.pool.instances).toBeNaN();
    expect(() => validateConfig(config)).toThrow(expect.objectContaining({ name: 'SimulationConfigError', field: 'pool.instances' }));
  });
});

describe('balancerOf and autoscalerOf', () => {
  const base = defaultForm(null);

  it('gives a plain name for balancers without options, and the options of consistent-hash and peak-ewma', () => {
    expect(balancerOf({ ...base, balancer: 'least-connections' })).toBe('least-connections');
    expect(balancerOf({ ...base, balancer: 'consistent-hash', virtualNodes: '40' })).toEqual({ name: 'consistent-hash', virtualNodes: 40 });
    expect(balancerOf({ ...base, balancer: 'consistent-hash', virtualNodes: '' })).toEqual({ name: 'consistent-hash' });
    expect(balancerOf({ ...base, balancer: 'peak-ewma', ewmaDecayMs: '2500' })).toEqual({ name: 'peak-ewma', decayMs: 2500 });
  });

  it('is undefined for no autoscaler', () => {
    expect(autoscalerOf(base)).toBeUndefined();
    expect(autoscalerOf({ ...base, autoscaler: 'hpa' }, 'none')).toBeUndefined();
  });

  it('writes an HPA: sync period in ms, stabilization windows in seconds (as Kubernetes)', () => {
    expect(autoscalerOf({ ...base, autoscaler: 'hpa', minReplicas: '2', maxReplicas: '8', targetUtilizationPercent: '70', hpaSyncS: '15', hpaScaleUpWindowS: '0', hpaScaleDownWindowS: '300' })).toEqual({
      kind: 'hpa',
      minReplicas: 2,
      maxReplicas: 8,
      targetUtilizationPercent: 70,
      syncPeriodMs: 15_000,
      behavior: { scaleUp: { stabilizationWindowSeconds: 0 }, scaleDown: { stabilizationWindowSeconds: 300 } },
    });
  });

  it('writes target tracking with every period in ms, and leaves empty fields to the engine defaults', () => {
    expect(autoscalerOf({ ...base, minReplicas: '', ttEvaluationS: '60', ttScaleOutCooldownS: '120', ttScaleInCooldownS: '', ttWarmupS: '30' }, 'target-tracking')).toEqual({
      kind: 'target-tracking',
      maxReplicas: 10,
      targetUtilizationPercent: 60,
      evaluationPeriodMs: 60_000,
      scaleOutCooldownMs: 120_000,
      instanceWarmupMs: 30_000,
    });
  });
});

describe('variants', () => {
  const form: SimulationForm = { ...defaultForm(null), balancer: 'round-robin', virtualNodes: '64', ewmaDecayMs: '3000' };
  const variant = (patch: Partial<VariantForm>): VariantForm => ({ key: 1, name: '', balancer: '', instances: '', workersPerInstance: '', ...patch });

  it('changes only what the variant sets', () => {
    expect(variantChanges(variant({}), form)).toEqual({});
    expect(variantChanges(variant({ instances: '4' }), form)).toEqual({ pool: { instances: 4 } });
    expect(variantChanges(variant({ workersPerInstance: ' 8 ' }), form)).toEqual({ pool: { workersPerInstance: 8 } });
    expect(variantChanges(variant({ balancer: 'least-connections', instances: '3', workersPerInstance: '2' }), form)).toEqual({
      balancer: 'least-connections',
      pool: { instances: 3, workersPerInstance: 2 },
    });
  });

  it('takes the options of a balancer from the base form', () => {
    expect(variantChanges(variant({ balancer: 'consistent-hash' }), form)).toEqual({ balancer: { name: 'consistent-hash', virtualNodes: 64 } });
    expect(variantChanges(variant({ balancer: 'peak-ewma' }), form)).toEqual({ balancer: { name: 'peak-ewma', decayMs: 3000 } });
  });

  it('describes what a variant changes, or says it is the same as the base', () => {
    expect(describeVariant(variant({ balancer: 'least-connections', instances: ' 4 ', workersPerInstance: '2' }))).toBe('least-connections, 4 instances, 2 workers each');
    expect(describeVariant(variant({ instances: '6' }))).toBe('6 instances');
    expect(describeVariant(variant({ instances: '  ' }))).toBe('same as base');
  });

  it('names variants uniquely, never "base", using the description when the name is empty', () => {
    const named = variantsOf(
      [
        variant({ key: 1, name: 'big', instances: '8' }),
        variant({ key: 2, name: ' big ', instances: '9' }),
        variant({ key: 3, name: 'base' }),
        variant({ key: 4, balancer: 'random' }),
        variant({ key: 5, balancer: 'random' }),
        variant({ key: 6, name: 'big', instances: '10' }),
      ],
      form,
    );
    expect(named.map((v) => v.name)).toEqual(['big', 'big (2)', 'base (2)', 'random', 'random (2)', 'big (3)']);
    expect(named[1]!.changes).toEqual({ pool: { instances: 9 } });
    expect(new Set(named.map((v) => v.name)).size).toBe(named.length);
  });

  it('gives changes that merge into the base into a configuration the engine accepts', () => {
    const workload = derived(empirical([1500, 2500], 2000));
    const base: SimulationConfig = configOf(defaultForm(workload), workload);
    const [changed] = variantsOf([variant({ balancer: 'peak-ewma', instances: '5' })], defaultForm(workload));
    const merged = applyChanges(base, changed!.changes);
    expect(merged.pool).toEqual({ instances: 5, workersPerInstance: 4, provisioningDelayMs: 30_000 });
    expect(merged.balancer).toEqual({ name: 'peak-ewma', decayMs: 10_000 });
    expect(() => validateConfig(merged)).not.toThrow();
  });
});
