import type { ReactNode } from 'react';
import { BALANCER_NAMES, type BalancerName } from '../../core/simulator/index';
import { inputId, LABELS, rowLabel, type FieldKey } from './fields';
import type { AutoscalerKind, SimulationForm, StepRow, ScheduledFailureRow } from './form';

/** What each balancer does, in a line (shown under the choice). */
export const BALANCER_HELP: Record<BalancerName, string> = {
  'round-robin': 'each instance in turn',
  'weighted-round-robin': 'in turn, in proportion to workers × speed',
  'least-connections': 'the instance with the fewest requests in flight',
  random: 'an instance at random',
  'power-of-two': 'the less busy of two random instances',
  'peak-ewma': 'lowest (in-flight + 1) × moving average of latency, as Finagle',
  'consistent-hash': 'the same user always goes to the same instance (hash ring)',
};

interface FieldProps {
  /** Form key: gives the input's id and label. */
  field: FieldKey;
  value: string;
  onChange: (value: string) => void;
  /** Overrides the label (list rows). */
  label?: string;
  /** Overrides the id (list rows). */
  id?: string;
  invalidId: string | null;
  disabled: boolean;
  min?: number;
  max?: number;
  step?: number | 'any';
  hint?: ReactNode;
}

/** A labelled number input; its label carries the unit, so its accessible name does too. */
export function NumberField({ field, value, onChange, label, id, invalidId, disabled, min, max, step = 'any', hint }: FieldProps) {
  const inputIdValue = id ?? inputId(field);
  const hintId = hint ? `${inputIdValue}-hint` : undefined;
  return (
    <div className="sim-field">
      <label htmlFor={inputIdValue}>{label ?? LABELS[field]}</label>
      <input
        id={inputIdValue}
        type="number"
        inputMode="decimal"
        value={value}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        aria-invalid={invalidId === inputIdValue || undefined}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <small id={hintId} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

interface FormProps {
  form: SimulationForm;
  set: (patch: Partial<SimulationForm>) => void;
  /** The id of the input the last engine error pointed at. */
  invalidId: string | null;
  disabled: boolean;
  /** The think time measured in the session, for the "measured" choice's description. */
  measuredThink: string;
  /** Its mean, ms (null when none was measured). */
  measuredThinkMeanMs: number | null;
  /** Below this mean the measured gaps are machine gaps, worth a warning. */
  humanThinkMinMs: number;
}

/** Every setting of a run: load, run length, pool, balancing, health and failures, autoscaling, objective and cost. */
export function SimulationFormFields({ form, set, invalidId, disabled, measuredThink, measuredThinkMeanMs, humanThinkMinMs }: FormProps) {
  const common = { invalidId, disabled };
  const num = (field: FieldKey & keyof SimulationForm, extra: Partial<FieldProps> = {}) => (
    <NumberField field={field} value={form[field] as string} onChange={(value) => set({ [field]: value } as Partial<SimulationForm>)} {...common} {...extra} />
  );
  return (
    <div className="sim-form">
      <fieldset>
        <legend>Load</legend>
        <div className="sim-choice" role="radiogroup" aria-label="Load model">
          <label>
            <input type="radio" name="sim-model" checked={form.model === 'closed'} disabled={disabled} onChange={() => set({ model: 'closed' })} /> Users who think between requests (closed model)
          </label>
          <label>
            <input type="radio" name="sim-model" checked={form.model === 'open'} disabled={disabled} onChange={() => set({ model: 'open' })} /> Arrival rate, whatever the backlog (open model)
          </label>
        </div>
        {form.model === 'closed' ? (
          <>
            {num('users', { min: 1, step: 1, hint: 'admins using the app at the same time' })}
            <div className="sim-field">
              <label htmlFor="sim-think">Think time</label>
              <select id="sim-think" value={form.thinkTime} disabled={disabled} aria-describedby="sim-think-note" onChange={(e) => set({ thinkTime: e.target.value as SimulationForm['thinkTime'] })}>
                <option value="measured">measured in the session ({measuredThink})</option>
                <option value="exponential">exponential, with this mean</option>
              </select>
              <small id="sim-think-note" className={measuredThinkMeanMs !== null && measuredThinkMeanMs < humanThinkMinMs ? 'warning' : 'muted'}>
                {measuredThinkMeanMs === null
                  ? 'No gaps between API requests were measured: “measured” uses an exponential think time of 5 s.'
                  : measuredThinkMeanMs < humanThinkMinMs
                    ? `The measured gaps (${measuredThink}) are the page’s own back-to-back requests, not an admin pausing: with them users never think. Prefer an exponential think time of a few seconds.`
                    : `Measured: ${measuredThink}.`}
              </small>
            </div>
            {form.thinkTime === 'exponential' && num('thinkMeanMs', { min: 0 })}
          </>
        ) : (
          <>
            <div className="sim-field">
              <label htmlFor="sim-arrivals">Arrival pattern</label>
              <select id="sim-arrivals" value={form.arrivals} disabled={disabled} onChange={(e) => set({ arrivals: e.target.value as SimulationForm['arrivals'] })}>
                <option value="constant">constant rate</option>
                <option value="diurnal">diurnal (sine wave around a mean)</option>
                <option value="step">steps (rate changes at given times)</option>
              </select>
            </div>
            {form.arrivals === 'constant' && num('ratePerSec', { min: 0 })}
            {form.arrivals === 'diurnal' && (
              <>
                {num('diurnalMeanPerSec', { min: 0 })}
                {num('diurnalAmplitude', { min: 0, max: 1, step: 0.05 })}
                {num('diurnalPeriodS', { min: 1 })}
              </>
            )}
            {form.arrivals === 'step' && <StepRows rows={form.steps} onChange={(steps) => set({ steps })} {...common} />}
            {num('users', { label: LABELS.population, min: 1, step: 1, hint: 'requests come from this many users (consistent hashing keys on them)' })}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Run length</legend>
        {num('durationS', { min: 1, hint: 'simulated time, not wall time' })}
        {num('warmupS', { min: 0, hint: 'left out of the statistics' })}
        <div className="sim-field">
          <label htmlFor={inputId('seed')}>{LABELS.seed}</label>
          <input id={inputId('seed')} value={form.seed} disabled={disabled} aria-invalid={invalidId === inputId('seed') || undefined} onChange={(e) => set({ seed: e.target.value })} size={8} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Pool</legend>
        {num('instances', { min: 1, step: 1 })}
        {num('workersPerInstance', { min: 1, step: 1, hint: 'requests one instance serves at once' })}
        {num('queueCapacity', { min: 0, step: 1 })}
        {num('queueTimeoutMs', { min: 0 })}
        {num('provisioningDelayS', { min: 0, hint: 'until an added instance takes traffic' })}
      </fieldset>

      <fieldset>
        <legend>Load balancing</legend>
        <div className="sim-field">
          <label htmlFor={inputId('balancer')}>{LABELS.balancer}</label>
          <select id={inputId('balancer')} value={form.balancer} disabled={disabled} aria-describedby="sim-balancer-help" onChange={(e) => set({ balancer: e.target.value as BalancerName })}>
            {BALANCER_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <small id="sim-balancer-help" className="muted">
            {BALANCER_HELP[form.balancer]}
          </small>
        </div>
        {form.balancer === 'consistent-hash' && num('virtualNodes', { min: 1, step: 1 })}
        {form.balancer === 'peak-ewma' && num('ewmaDecayMs', { min: 1 })}
      </fieldset>

      <fieldset>
        <legend>Health checks and failures</legend>
        <label className="sim-check">
          <input type="checkbox" checked={form.healthChecks} disabled={disabled} onChange={(e) => set({ healthChecks: e.target.checked })} /> Active health checks
        </label>
        {form.healthChecks ? (
          <>
            {num('healthIntervalMs', { min: 1 })}
            {num('healthTimeoutMs', { min: 1 })}
            {num('unhealthyThreshold', { min: 1, step: 1 })}
            {num('healthyThreshold', { min: 1, step: 1 })}
          </>
        ) : (
          <small className="muted sim-note">Without health checks the balancer knows at once which instances are down.</small>
        )}
        <label className="sim-check">
          <input type="checkbox" checked={form.failureRate} disabled={disabled} onChange={(e) => set({ failureRate: e.target.checked })} /> Inject random failures
        </label>
        {form.failureRate && (
          <>
            {num('mtbfS', { min: 1 })}
            {num('mttrS', { min: 1 })}
          </>
        )}
        <FailureRows rows={form.failureSchedule} onChange={(failureSchedule) => set({ failureSchedule })} {...common} />
      </fieldset>

      <fieldset>
        <legend>Autoscaling</legend>
        <div className="sim-field">
          <label htmlFor="sim-autoscaler">Autoscaler</label>
          <select id="sim-autoscaler" value={form.autoscaler} disabled={disabled} onChange={(e) => set({ autoscaler: e.target.value as AutoscalerKind })}>
            <option value="none">none (fixed pool)</option>
            <option value="hpa">Kubernetes HPA</option>
            <option value="target-tracking">target tracking (AWS style)</option>
          </select>
        </div>
        {form.autoscaler !== 'none' && (
          <>
            {num('minReplicas', { min: 1, step: 1 })}
            {num('maxReplicas', { min: 1, step: 1 })}
            {num('targetUtilizationPercent', { min: 1, max: 100 })}
          </>
        )}
        {form.autoscaler === 'hpa' && (
          <>
            {num('hpaSyncS', { min: 1 })}
            {num('hpaScaleUpWindowS', { min: 0, max: 3600, step: 1 })}
            {num('hpaScaleDownWindowS', { min: 0, max: 3600, step: 1 })}
          </>
        )}
        {form.autoscaler === 'target-tracking' && (
          <>
            {num('ttEvaluationS', { min: 1 })}
            {num('ttScaleOutCooldownS', { min: 0 })}
            {num('ttScaleInCooldownS', { min: 0 })}
            {num('ttWarmupS', { min: 0 })}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Objective and cost</legend>
        {num('sloLatencyMs', { min: 1 })}
        {num('sloPercentile', { min: 1, max: 100, hint: `objective: ${form.sloPercentile || '?'} % of requests under ${form.sloLatencyMs || '?'} ms` })}
        {num('pricePerInstanceHour', { min: 0, step: 0.01, hint: 'any currency' })}
      </fieldset>
    </div>
  );
}

interface RowsProps<T> {
  rows: T[];
  onChange: (rows: T[]) => void;
  invalidId: string | null;
  disabled: boolean;
}

function replaceRow<T>(rows: T[], index: number, patch: Partial<T>): T[] {
  return rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
}

/** The steps of a step arrival pattern. */
function StepRows({ rows, onChange, invalidId, disabled }: RowsProps<StepRow>) {
  return (
    <div className="sim-rows">
      {rows.map((row, i) => (
        <div className="sim-row" key={i}>
          <NumberField field="stepAtS" id={inputId('stepAtS', i)} label={rowLabel('Step', i, 'stepAtS')} value={row.atS} min={0} invalidId={invalidId} disabled={disabled} onChange={(atS) => onChange(replaceRow(rows, i, { atS }))} />
          <NumberField field="stepRate" id={inputId('stepRate', i)} label={rowLabel('Step', i, 'stepRate')} value={row.ratePerSec} min={0} invalidId={invalidId} disabled={disabled} onChange={(ratePerSec) => onChange(replaceRow(rows, i, { ratePerSec }))} />
          <button type="button" disabled={disabled || rows.length <= 1} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove step ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" disabled={disabled} onClick={() => onChange([...rows, { atS: String((Number(rows.at(-1)?.atS) || 0) + 60), ratePerSec: rows.at(-1)?.ratePerSec ?? '10' }])}>
        Add step
      </button>
    </div>
  );
}

/** Failures on a schedule: an instance goes down at a time for a while. */
function FailureRows({ rows, onChange, invalidId, disabled }: RowsProps<ScheduledFailureRow>) {
  return (
    <div className="sim-rows">
      {rows.map((row, i) => (
        <div className="sim-row" key={i}>
          <NumberField field="failureInstance" id={inputId('failureInstance', i)} label={rowLabel('Failure', i, 'failureInstance')} value={row.instance} min={0} step={1} invalidId={invalidId} disabled={disabled} onChange={(instance) => onChange(replaceRow(rows, i, { instance }))} />
          <NumberField field="failureAtS" id={inputId('failureAtS', i)} label={rowLabel('Failure', i, 'failureAtS')} value={row.atS} min={0} invalidId={invalidId} disabled={disabled} onChange={(atS) => onChange(replaceRow(rows, i, { atS }))} />
          <NumberField field="failureDurationS" id={inputId('failureDurationS', i)} label={rowLabel('Failure', i, 'failureDurationS')} value={row.durationS} min={1} invalidId={invalidId} disabled={disabled} onChange={(durationS) => onChange(replaceRow(rows, i, { durationS }))} />
          <button type="button" disabled={disabled} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove failure ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" disabled={disabled} onClick={() => onChange([...rows, { instance: '0', atS: '60', durationS: '60' }])}>
        Schedule an instance failure
      </button>
    </div>
  );
}
