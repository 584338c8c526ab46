/**
 * The Simulate view's form, as typed text (so a field can be empty while the user edits it), and
 * its translation into the engine's SimulationConfig. Units in the form are the user's (seconds
 * for run lengths and cooldowns, ms for latencies); the config is in ms. Nothing is validated
 * here: the engine's validateConfig names a bad field, and fields.ts maps it back to its input.
 */
import type {
  AutoscalerConfig,
  BalancerConfig,
  BalancerName,
  ConfigChanges,
  ConfigVariant,
  Distribution,
  SimulationConfig,
  Workload,
} from '../../core/simulator/index';

export type LoadModel = 'closed' | 'open';
export type ArrivalPatternKind = 'constant' | 'diurnal' | 'step';
export type AutoscalerKind = 'none' | 'hpa' | 'target-tracking';
export type ThinkTimeKind = 'measured' | 'exponential';

/** One step of a step arrival pattern: from `atS` seconds on, `ratePerSec`. */
export interface StepRow {
  atS: string;
  ratePerSec: string;
}

/** One scheduled failure: instance number `instance` (0 = first) goes down at `atS` for `durationS`. */
export interface ScheduledFailureRow {
  instance: string;
  atS: string;
  durationS: string;
}

/** Every input of the form, as the text in it. */
export interface SimulationForm {
  model: LoadModel;
  /** Closed: simulated admins. Open: distinct users the requests come from. */
  users: string;
  thinkTime: ThinkTimeKind;
  thinkMeanMs: string;
  arrivals: ArrivalPatternKind;
  ratePerSec: string;
  diurnalMeanPerSec: string;
  diurnalAmplitude: string;
  diurnalPeriodS: string;
  steps: StepRow[];
  durationS: string;
  warmupS: string;
  seed: string;
  instances: string;
  workersPerInstance: string;
  /** Empty: unbounded. */
  queueCapacity: string;
  /** Empty: no timeout. */
  queueTimeoutMs: string;
  provisioningDelayS: string;
  balancer: BalancerName;
  virtualNodes: string;
  ewmaDecayMs: string;
  healthChecks: boolean;
  healthIntervalMs: string;
  healthTimeoutMs: string;
  unhealthyThreshold: string;
  healthyThreshold: string;
  failureRate: boolean;
  mtbfS: string;
  mttrS: string;
  failureSchedule: ScheduledFailureRow[];
  autoscaler: AutoscalerKind;
  minReplicas: string;
  maxReplicas: string;
  targetUtilizationPercent: string;
  hpaSyncS: string;
  hpaScaleUpWindowS: string;
  hpaScaleDownWindowS: string;
  ttEvaluationS: string;
  ttScaleOutCooldownS: string;
  ttScaleInCooldownS: string;
  ttWarmupS: string;
  sloLatencyMs: string;
  sloPercentile: string;
  pricePerInstanceHour: string;
}

/**
 * A variant to compare: the fields it changes (empty = as the base). Variants change the pool and
 * the balancer; an autoscaler of another kind cannot be expressed as changes (they deep-merge, and
 * the two kinds' fields do not mix), so autoscaling is compared by running the form twice.
 */
export interface VariantForm {
  /** Stable key for React. */
  key: number;
  name: string;
  balancer: BalancerName | '';
  instances: string;
  workersPerInstance: string;
}

/** Below this mean, measured gaps are the page's own back-to-back requests rather than a person thinking. */
export const HUMAN_THINK_MIN_MS = 1000;

/** Mean of the think time measured in the session (gaps between a view's API requests), or null when none was measured. */
export function measuredThinkMeanMs(workload: Workload | null): number | null {
  if (!workload || workload.model.kind !== 'closed' || !workload.source?.thinkTimeSamples) return null;
  const think = workload.model.thinkTime;
  if (think.type === 'empirical') return think.meanMs ?? think.valuesMs.reduce((a, b) => a + b, 0) / Math.max(1, think.valuesMs.length);
  return think.type === 'exponential' ? think.meanMs : null;
}

/**
 * The form's starting values for a workload derived from a session. The measured think time is
 * the default when it looks human (≥ 1 s); gaps of a few ms between a page's parallel API calls
 * would model admins who never pause, so an exponential 5 s think time is proposed instead.
 */
export function defaultForm(workload: Workload | null): SimulationForm {
  const users = 100;
  const measuredThink = measuredThinkMeanMs(workload);
  const perUser = workload?.source?.observedRatePerSec ?? 0;
  const openRate = perUser > 0 ? roundNice(perUser * users) : 50;
  return {
    model: 'closed',
    users: String(users),
    thinkTime: measuredThink !== null && measuredThink >= HUMAN_THINK_MIN_MS ? 'measured' : 'exponential',
    thinkMeanMs: '5000',
    arrivals: 'constant',
    ratePerSec: String(openRate),
    diurnalMeanPerSec: String(openRate),
    diurnalAmplitude: '0.5',
    diurnalPeriodS: '600',
    steps: [
      { atS: '0', ratePerSec: String(openRate) },
      { atS: '300', ratePerSec: String(roundNice(openRate * 2)) },
    ],
    durationS: '600',
    warmupS: '0',
    seed: '1',
    instances: '2',
    workersPerInstance: '4',
    queueCapacity: '',
    queueTimeoutMs: '',
    provisioningDelayS: '30',
    balancer: 'round-robin',
    virtualNodes: '160',
    ewmaDecayMs: '10000',
    healthChecks: false,
    healthIntervalMs: '10000',
    healthTimeoutMs: '1000',
    unhealthyThreshold: '3',
    healthyThreshold: '1',
    failureRate: false,
    mtbfS: '3600',
    mttrS: '60',
    failureSchedule: [],
    autoscaler: 'none',
    minReplicas: '1',
    maxReplicas: '10',
    targetUtilizationPercent: '60',
    hpaSyncS: '15',
    hpaScaleUpWindowS: '0',
    hpaScaleDownWindowS: '300',
    ttEvaluationS: '60',
    ttScaleOutCooldownS: '300',
    ttScaleInCooldownS: '300',
    ttWarmupS: '300',
    sloLatencyMs: '300',
    sloPercentile: '95',
    pricePerInstanceHour: '0.10',
  };
}

/** 1, 2 or 5 × 10^k at or above a positive value, so suggested rates read well. */
function roundNice(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** The number typed in a field; undefined when it is empty (the engine then says it is required, or uses its default). */
export function numberIn(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return Number(trimmed);
}

function secondsToMs(text: string): number | undefined {
  const value = numberIn(text);
  return value === undefined ? undefined : value * 1000;
}

/** Drops keys whose value is undefined, so a JSON copy and the engine's "unknown field" checks agree. */
function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** The balancer as the engine takes it: a name, with its options where it has any. */
export function balancerOf(form: Pick<SimulationForm, 'balancer' | 'virtualNodes' | 'ewmaDecayMs'>): BalancerName | BalancerConfig {
  if (form.balancer === 'consistent-hash') return defined({ name: form.balancer, virtualNodes: numberIn(form.virtualNodes) });
  if (form.balancer === 'peak-ewma') return defined({ name: form.balancer, decayMs: numberIn(form.ewmaDecayMs) });
  return form.balancer;
}

/** The autoscaler of the form, or undefined for none. */
export function autoscalerOf(form: SimulationForm, kind: AutoscalerKind = form.autoscaler): AutoscalerConfig | undefined {
  if (kind === 'none') return undefined;
  const bounds = {
    minReplicas: numberIn(form.minReplicas),
    maxReplicas: numberIn(form.maxReplicas) as number,
    targetUtilizationPercent: numberIn(form.targetUtilizationPercent) as number,
  };
  if (kind === 'hpa') {
    return defined({
      kind: 'hpa',
      ...bounds,
      syncPeriodMs: secondsToMs(form.hpaSyncS),
      behavior: {
        scaleUp: defined({ stabilizationWindowSeconds: numberIn(form.hpaScaleUpWindowS) }),
        scaleDown: defined({ stabilizationWindowSeconds: numberIn(form.hpaScaleDownWindowS) }),
      },
    }) as AutoscalerConfig;
  }
  return defined({
    kind: 'target-tracking',
    ...bounds,
    evaluationPeriodMs: secondsToMs(form.ttEvaluationS),
    scaleOutCooldownMs: secondsToMs(form.ttScaleOutCooldownS),
    scaleInCooldownMs: secondsToMs(form.ttScaleInCooldownS),
    instanceWarmupMs: secondsToMs(form.ttWarmupS),
  }) as AutoscalerConfig;
}

function thinkTimeOf(form: SimulationForm, workload: Workload): Distribution {
  if (form.thinkTime === 'exponential') return { type: 'exponential', meanMs: numberIn(form.thinkMeanMs) as number };
  if (workload.model.kind === 'closed') return workload.model.thinkTime;
  return { type: 'exponential', meanMs: 5000 };
}

function modelOf(form: SimulationForm, workload: Workload): Workload['model'] {
  const users = numberIn(form.users) as number;
  if (form.model === 'closed') return { kind: 'closed', users, thinkTime: thinkTimeOf(form, workload) };
  switch (form.arrivals) {
    case 'constant':
      return defined({ kind: 'open' as const, users, arrivals: { pattern: 'constant' as const, ratePerSec: numberIn(form.ratePerSec) as number } });
    case 'diurnal':
      return defined({
        kind: 'open' as const,
        users,
        arrivals: {
          pattern: 'diurnal' as const,
          meanRatePerSec: numberIn(form.diurnalMeanPerSec) as number,
          amplitude: numberIn(form.diurnalAmplitude) as number,
          periodMs: secondsToMs(form.diurnalPeriodS) as number,
        },
      });
    case 'step':
      return defined({
        kind: 'open' as const,
        users,
        arrivals: {
          pattern: 'step' as const,
          steps: form.steps.map((step) => ({ atMs: secondsToMs(step.atS) as number, ratePerSec: numberIn(step.ratePerSec) as number })),
        },
      });
  }
}

/**
 * The engine configuration for the form and the session's workload (its endpoints, mix and
 * measured service times are kept as they are; the form sets who sends requests and how).
 */
export function configOf(form: SimulationForm, workload: Workload): SimulationConfig {
  const queue = defined({ capacity: numberIn(form.queueCapacity), timeoutMs: numberIn(form.queueTimeoutMs) });
  const failures = defined({
    rate: form.failureRate ? { meanTimeBetweenFailuresMs: secondsToMs(form.mtbfS) as number, meanTimeToRecoverMs: secondsToMs(form.mttrS) as number } : undefined,
    schedule: form.failureSchedule.length
      ? form.failureSchedule.map((row) => ({ instance: numberIn(row.instance) as number, atMs: secondsToMs(row.atS) as number, durationMs: secondsToMs(row.durationS) as number }))
      : undefined,
  });
  const seedText = form.seed.trim();
  return defined({
    seed: seedText === '' ? undefined : /^-?\d+$/.test(seedText) ? Number(seedText) : seedText,
    durationMs: secondsToMs(form.durationS),
    warmupMs: secondsToMs(form.warmupS),
    workload: defined({ name: workload.name, endpoints: workload.endpoints, model: modelOf(form, workload), source: workload.source }),
    pool: defined({
      instances: numberIn(form.instances) as number,
      workersPerInstance: numberIn(form.workersPerInstance),
      queue: Object.keys(queue).length ? queue : undefined,
      provisioningDelayMs: secondsToMs(form.provisioningDelayS),
    }),
    balancer: balancerOf(form),
    healthCheck: form.healthChecks
      ? defined({
          intervalMs: numberIn(form.healthIntervalMs),
          timeoutMs: numberIn(form.healthTimeoutMs),
          unhealthyThreshold: numberIn(form.unhealthyThreshold),
          healthyThreshold: numberIn(form.healthyThreshold),
        })
      : undefined,
    failures: Object.keys(failures).length ? failures : undefined,
    autoscaler: autoscalerOf(form),
    slo: { latencyMs: numberIn(form.sloLatencyMs) as number, percentile: numberIn(form.sloPercentile) as number },
    cost: { pricePerInstanceHour: numberIn(form.pricePerInstanceHour) ?? 0 },
  });
}

/** What a variant changes relative to the base, in the engine's terms (only what the user set). */
export function variantChanges(variant: VariantForm, form: SimulationForm): ConfigChanges {
  const changes: ConfigChanges = {};
  if (variant.balancer !== '') changes.balancer = balancerOf({ ...form, balancer: variant.balancer });
  const pool: NonNullable<ConfigChanges['pool']> = {};
  const instances = numberIn(variant.instances);
  const workers = numberIn(variant.workersPerInstance);
  if (instances !== undefined) pool.instances = instances;
  if (workers !== undefined) pool.workersPerInstance = workers;
  if (Object.keys(pool).length) changes.pool = pool;
  return changes;
}

/** A short name saying what a variant changes, e.g. "least-connections, 4 instances". */
export function describeVariant(variant: VariantForm): string {
  const parts: string[] = [];
  if (variant.balancer) parts.push(variant.balancer);
  if (variant.instances.trim()) parts.push(`${variant.instances.trim()} instances`);
  if (variant.workersPerInstance.trim()) parts.push(`${variant.workersPerInstance.trim()} workers each`);
  return parts.join(', ') || 'same as base';
}

/** The variants as the engine takes them; names are made unique (the table has one column per name). */
export function variantsOf(variants: VariantForm[], form: SimulationForm): ConfigVariant[] {
  const used = new Set(['base']);
  return variants.map((variant) => {
    const wanted = variant.name.trim() || describeVariant(variant);
    let name = wanted;
    for (let i = 2; used.has(name); i++) name = `${wanted} (${i})`;
    used.add(name);
    return { name, changes: variantChanges(variant, form) };
  });
}
