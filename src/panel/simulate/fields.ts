/**
 * Where an engine error points in the form: SimulationConfigError.field (a dotted path such as
 * `pool.instances` or `workload.model.arrivals.steps[1].ratePerSec`) -> the input's id and label,
 * so the view can name the field in the user's words, mark it invalid and focus it.
 */

/** The id of the input for a form key (and row, for list rows). */
export function inputId(key: string, row?: number): string {
  return row === undefined ? `sim-${key}` : `sim-${key}-${row}`;
}

/** Labels of the inputs, by form key; each carries its unit. */
export const LABELS = {
  users: 'Users',
  population: 'Distinct users (population)',
  thinkMeanMs: 'Mean think time (ms)',
  ratePerSec: 'Arrival rate (requests/s)',
  diurnalMeanPerSec: 'Mean arrival rate (requests/s)',
  diurnalAmplitude: 'Daily swing (amplitude, 0–1)',
  diurnalPeriodS: 'Period (s)',
  stepAtS: 'starts at (s)',
  stepRate: 'rate (requests/s)',
  durationS: 'Duration (s)',
  warmupS: 'Warm-up (s)',
  seed: 'Random seed',
  instances: 'Instances',
  workersPerInstance: 'Workers per instance',
  queueCapacity: 'Queue capacity (requests per instance, empty = unbounded)',
  queueTimeoutMs: 'Queue timeout (ms, empty = none)',
  provisioningDelayS: 'Provisioning delay (s)',
  balancer: 'Balancing strategy',
  virtualNodes: 'Virtual nodes per instance',
  ewmaDecayMs: 'Latency average decay (ms)',
  healthIntervalMs: 'Health check interval (ms)',
  healthTimeoutMs: 'Health check timeout (ms)',
  unhealthyThreshold: 'Unhealthy threshold (failed probes)',
  healthyThreshold: 'Healthy threshold (good probes)',
  mtbfS: 'Mean time between failures (s)',
  mttrS: 'Mean time to recover (s)',
  failureInstance: 'instance number (0 = first)',
  failureAtS: 'fails at (s)',
  failureDurationS: 'down for (s)',
  minReplicas: 'Minimum replicas',
  maxReplicas: 'Maximum replicas',
  targetUtilizationPercent: 'Target utilization (%)',
  hpaSyncS: 'Sync period (s)',
  hpaScaleUpWindowS: 'Scale-up stabilization window (s)',
  hpaScaleDownWindowS: 'Scale-down stabilization window (s)',
  ttEvaluationS: 'Evaluation period (s)',
  ttScaleOutCooldownS: 'Scale-out cooldown (s)',
  ttScaleInCooldownS: 'Scale-in cooldown (s)',
  ttWarmupS: 'Instance warm-up (s)',
  sloLatencyMs: 'SLO latency (ms)',
  sloPercentile: 'SLO share of requests (%)',
  pricePerInstanceHour: 'Price per instance-hour',
} as const;

export type FieldKey = keyof typeof LABELS;

/** The label of a list row's input, e.g. "Step 2 rate (requests/s)". */
export function rowLabel(kind: 'Step' | 'Failure', row: number, key: FieldKey): string {
  return `${kind} ${row + 1} ${LABELS[key]}`;
}

export interface FieldTarget {
  /** The input's id. */
  id: string;
  /** The input's label, as the user reads it. */
  label: string;
}

const EXACT: Record<string, FieldKey> = {
  durationMs: 'durationS',
  warmupMs: 'warmupS',
  seed: 'seed',
  'workload.model.thinkTime.meanMs': 'thinkMeanMs',
  'workload.model.arrivals.ratePerSec': 'ratePerSec',
  'workload.model.arrivals.meanRatePerSec': 'diurnalMeanPerSec',
  'workload.model.arrivals.amplitude': 'diurnalAmplitude',
  'workload.model.arrivals.periodMs': 'diurnalPeriodS',
  'pool.instances': 'instances',
  'pool.workersPerInstance': 'workersPerInstance',
  'pool.queue.capacity': 'queueCapacity',
  'pool.queue.timeoutMs': 'queueTimeoutMs',
  'pool.provisioningDelayMs': 'provisioningDelayS',
  balancer: 'balancer',
  'balancer.name': 'balancer',
  'balancer.virtualNodes': 'virtualNodes',
  'balancer.decayMs': 'ewmaDecayMs',
  'healthCheck.intervalMs': 'healthIntervalMs',
  'healthCheck.timeoutMs': 'healthTimeoutMs',
  'healthCheck.unhealthyThreshold': 'unhealthyThreshold',
  'healthCheck.healthyThreshold': 'healthyThreshold',
  'failures.rate.meanTimeBetweenFailuresMs': 'mtbfS',
  'failures.rate.meanTimeToRecoverMs': 'mttrS',
  'autoscaler.minReplicas': 'minReplicas',
  'autoscaler.maxReplicas': 'maxReplicas',
  'autoscaler.targetUtilizationPercent': 'targetUtilizationPercent',
  'autoscaler.syncPeriodMs': 'hpaSyncS',
  'autoscaler.behavior.scaleUp.stabilizationWindowSeconds': 'hpaScaleUpWindowS',
  'autoscaler.behavior.scaleDown.stabilizationWindowSeconds': 'hpaScaleDownWindowS',
  'autoscaler.evaluationPeriodMs': 'ttEvaluationS',
  'autoscaler.scaleOutCooldownMs': 'ttScaleOutCooldownS',
  'autoscaler.scaleInCooldownMs': 'ttScaleInCooldownS',
  'autoscaler.instanceWarmupMs': 'ttWarmupS',
  'slo.latencyMs': 'sloLatencyMs',
  'slo.percentile': 'sloPercentile',
  'cost.pricePerInstanceHour': 'pricePerInstanceHour',
};

const STEP = /^workload\.model\.arrivals\.steps\[(\d+)\](?:\.(atMs|ratePerSec))?$/;
const FAILURE = /^failures\.schedule\[(\d+)\](?:\.(atMs|instance|durationMs))?$/;

/** The form input an engine field path points at, or null when the form has no input for it. */
export function fieldTarget(field: string, model: 'closed' | 'open'): FieldTarget | null {
  if (field === 'workload.model.users') {
    const key: FieldKey = model === 'closed' ? 'users' : 'population';
    return { id: inputId('users'), label: LABELS[key] };
  }
  const key = Object.hasOwn(EXACT, field) ? EXACT[field] : undefined;
  if (key) return { id: inputId(key), label: LABELS[key] };
  const step = STEP.exec(field);
  if (step) {
    const row = Number(step[1]);
    const key: FieldKey = step[2] === 'ratePerSec' ? 'stepRate' : 'stepAtS';
    return { id: inputId(key, row), label: rowLabel('Step', row, key) };
  }
  const failure = FAILURE.exec(field);
  if (failure) {
    const row = Number(failure[1]);
    const key: FieldKey = failure[2] === 'instance' ? 'failureInstance' : failure[2] === 'durationMs' ? 'failureDurationS' : 'failureAtS';
    return { id: inputId(key, row), label: rowLabel('Failure', row, key) };
  }
  return null;
}
