/**
 * Where an engine error points in the Simulate form: every field path the engine can name for
 * something the form writes maps to the input's id and its label, in the user's words. Checked
 * against the real engine: each form input is broken in turn and the engine's error followed back.
 */
import { describe, expect, it } from 'vitest';
import { SimulationConfigError, validateConfig, type Workload } from '../../../../src/core/simulator/index';
import { fieldTarget, inputId, LABELS, rowLabel } from '../../../../src/panel/simulate/fields';
import { configOf, defaultForm, type SimulationForm } from '../../../../src/panel/simulate/form';

const workload: Workload = {
  name: 'w',
  endpoints: [{ name: 'GET /api/users', weight: 1, service: { type: 'exponential', meanMs: 20 } }],
  model: { kind: 'closed', users: 100, thinkTime: { type: 'empirical', valuesMs: [2000, 4000], meanMs: 3000 } },
  source: { sessionId: 's', apiRequests: 10, skippedRequests: 0, thinkTimeSamples: 2, observedRatePerSec: 0.3 },
};

const SELECTS = new Set(['model', 'thinkTime', 'arrivals', 'balancer', 'autoscaler']);

/** The field the engine names for this form, or null when it accepts it. */
function engineField(form: SimulationForm): string | null {
  try {
    validateConfig(configOf(form, workload));
    return null;
  } catch (error) {
    if (error instanceof SimulationConfigError) return error.field;
    throw error;
  }
}

describe('inputId and rowLabel', () => {
  it('names inputs sim-<key>, and list rows sim-<key>-<row>', () => {
    expect(inputId('instances')).toBe('sim-instances');
    expect(inputId('stepRate', 0)).toBe('sim-stepRate-0');
    expect(inputId('failureAtS', 12)).toBe('sim-failureAtS-12');
  });

  it('numbers rows from 1 for the user', () => {
    expect(rowLabel('Step', 0, 'stepRate')).toBe('Step 1 rate (requests/s)');
    expect(rowLabel('Failure', 2, 'failureDurationS')).toBe('Failure 3 down for (s)');
  });
});

describe('LABELS', () => {
  it('says the unit of every time field, matching the form key (s or ms)', () => {
    for (const [key, label] of Object.entries(LABELS)) {
      if (/S$/.test(key)) expect(label, key).toMatch(/\(s\)|\(s,/);
      if (/Ms$/.test(key)) expect(label, key).toMatch(/\(ms\b/);
    }
  });
});

describe('fieldTarget', () => {
  it('maps exact engine paths to their input', () => {
    expect(fieldTarget('pool.instances', 'closed')).toEqual({ id: 'sim-instances', label: 'Instances' });
    expect(fieldTarget('durationMs', 'open')).toEqual({ id: 'sim-durationS', label: 'Duration (s)' });
    expect(fieldTarget('balancer.name', 'closed')).toEqual({ id: 'sim-balancer', label: 'Balancing strategy' });
    expect(fieldTarget('autoscaler.behavior.scaleDown.stabilizationWindowSeconds', 'closed')).toEqual({
      id: 'sim-hpaScaleDownWindowS',
      label: 'Scale-down stabilization window (s)',
    });
  });

  it('names the users input after the model: simulated users (closed) or the population (open)', () => {
    expect(fieldTarget('workload.model.users', 'closed')).toEqual({ id: 'sim-users', label: 'Users' });
    expect(fieldTarget('workload.model.users', 'open')).toEqual({ id: 'sim-users', label: 'Distinct users (population)' });
  });

  it('maps list rows to the row input, the whole row to its first input', () => {
    expect(fieldTarget('workload.model.arrivals.steps[3].ratePerSec', 'open')).toEqual({ id: 'sim-stepRate-3', label: 'Step 4 rate (requests/s)' });
    expect(fieldTarget('workload.model.arrivals.steps[0].atMs', 'open')).toEqual({ id: 'sim-stepAtS-0', label: 'Step 1 starts at (s)' });
    expect(fieldTarget('workload.model.arrivals.steps[1]', 'open')).toEqual({ id: 'sim-stepAtS-1', label: 'Step 2 starts at (s)' });
    expect(fieldTarget('failures.schedule[0].instance', 'closed')).toEqual({ id: 'sim-failureInstance-0', label: 'Failure 1 instance number (0 = first)' });
    expect(fieldTarget('failures.schedule[10].durationMs', 'closed')).toEqual({ id: 'sim-failureDurationS-10', label: 'Failure 11 down for (s)' });
    expect(fieldTarget('failures.schedule[2]', 'closed')).toEqual({ id: 'sim-failureAtS-2', label: 'Failure 3 fails at (s)' });
  });

  it('is null for paths the form has no input for, and does not match look-alike paths', () => {
    expect(fieldTarget('workload.endpoints[0].service.meanMs', 'closed')).toBeNull();
    expect(fieldTarget('maxEvents', 'closed')).toBeNull();
    expect(fieldTarget('', 'closed')).toBeNull();
    expect(fieldTarget('workload.model.arrivals.steps[x].atMs', 'open')).toBeNull();
    expect(fieldTarget('workload.model.arrivals.steps[1].phaseMs', 'open')).toBeNull();
    expect(fieldTarget('xpool.instances', 'closed')).toBeNull();
  });

  it('finds the input for every error the engine gives on a broken form field', () => {
    const base: SimulationForm = { ...defaultForm(workload), healthChecks: true, failureRate: true, failureSchedule: [{ instance: '0', atS: '10', durationS: '5' }] };
    const setups: Partial<SimulationForm>[] = [
      { thinkTime: 'exponential' },
      { model: 'open', arrivals: 'constant' },
      { model: 'open', arrivals: 'diurnal' },
      { model: 'open', arrivals: 'step' },
      { autoscaler: 'hpa' },
      { autoscaler: 'target-tracking' },
      { balancer: 'consistent-hash' },
      { balancer: 'peak-ewma' },
    ];
    let checked = 0;
    for (const setup of setups) {
      const form = { ...base, ...setup };
      expect(engineField(form), JSON.stringify(setup)).toBeNull();
      for (const [key, value] of Object.entries(form)) {
        // Text inputs only (the selects cannot hold a bad value); any seed text is a valid seed.
        if (typeof value !== 'string' || SELECTS.has(key) || key === 'seed') continue;
        for (const bad of ['not a number', '-1']) {
          const field = engineField({ ...form, [key]: bad });
          if (field === null) continue;
          const target = fieldTarget(field, form.model);
          expect(target, `${key}=${bad} -> ${field}`).not.toBeNull();
          // The error leads back to the input that was broken.
          expect(target!.id, `${key}=${bad} -> ${field}`).toBe(inputId(key));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('leads errors in list rows back to the row and the input', () => {
    const open: SimulationForm = { ...defaultForm(workload), model: 'open', arrivals: 'step' };
    const stepField = engineField({ ...open, steps: [{ atS: '0', ratePerSec: '5' }, { atS: '60', ratePerSec: '-5' }] });
    expect(fieldTarget(stepField!, 'open')?.id).toBe('sim-stepRate-1');
    const atField = engineField({ ...open, steps: [{ atS: '0', ratePerSec: '5' }, { atS: 'soon', ratePerSec: '5' }] });
    expect(fieldTarget(atField!, 'open')?.id).toBe('sim-stepAtS-1');
    const closed = defaultForm(workload);
    const failField = engineField({ ...closed, failureSchedule: [{ instance: '0', atS: '1', durationS: '1' }, { instance: '0', atS: '5', durationS: '0' }] });
    expect(fieldTarget(failField!, 'closed')).toEqual({ id: 'sim-failureDurationS-1', label: 'Failure 2 down for (s)' });
  });
});

describe('fieldTarget and built-in property names', () => {
  it('finds no input for names every object inherits', async () => {
    const { fieldTarget } = await import('../../../../src/panel/simulate/fields');
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(fieldTarget(name, 'closed')).toBeNull();
  });
});
