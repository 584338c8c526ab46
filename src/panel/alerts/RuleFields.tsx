import { BASE_UNITS, dimensionOf, METRIC_IDS, metricDimension, metricTitle, RESOURCE_TYPES, UNITS, type AlertRule, type MetricRef, type Trigger, type Unit } from '../../core/alerts';
import { STRATEGY_IDS } from '../../core/optimizer/catalogue';
import { STRATEGIES } from '../../core/optimizer/registry';

/** The fields of one rule in the budgets editor; every field has a label. */
export function RuleFields({ rule, index, onChange, onRemove }: { rule: AlertRule; index: number; onChange: (rule: AlertRule) => void; onRemove: () => void }) {
  const dimension = metricDimension(rule.metric);
  const units = UNITS.filter((unit) => dimensionOf(unit) === dimension);
  const label = (name: string) => `Rule ${index + 1} ${name}`;
  const setMetric = (id: string) => {
    const metric = metricOf(id, rule.metric);
    const unit = dimensionOf(rule.threshold.unit) === metricDimension(metric) ? rule.threshold.unit : BASE_UNITS[metricDimension(metric)];
    onChange({ ...rule, metric, threshold: { ...rule.threshold, unit } });
  };
  const setTrigger = (trigger: Trigger) => onChange({ ...rule, trigger });
  const number = (value: string) => (value === '' ? Number.NaN : Number(value));

  return (
    <fieldset className="rule-fields" aria-label={`Rule ${index + 1}`}>
      <legend>Rule {index + 1}</legend>
      <label>
        Metric{' '}
        <select aria-label={label('metric')} value={rule.metric.id} onChange={(e) => setMetric(e.target.value)}>
          {METRIC_IDS.map((id) => (
            <option key={id} value={id}>
              {metricTitle(metricOf(id, rule.metric))}
            </option>
          ))}
        </select>
      </label>
      {(rule.metric.id === 'requests' || rule.metric.id === 'bytes') && (
        <label>
          Resource type{' '}
          <select aria-label={label('resource type')} value={rule.metric.resourceType} onChange={(e) => onChange({ ...rule, metric: { ...rule.metric, resourceType: e.target.value } as MetricRef })}>
            {RESOURCE_TYPES.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
      )}
      {rule.metric.id === 'requestMs' && (
        <label>
          URL pattern{' '}
          <input aria-label={label('URL pattern')} value={rule.metric.urlPattern} onChange={(e) => onChange({ ...rule, metric: { id: 'requestMs', urlPattern: e.target.value } })} size={40} />
        </label>
      )}
      {rule.metric.id === 'routeP95' && (
        <label>
          Route{' '}
          <input aria-label={label('route')} value={rule.metric.route} onChange={(e) => onChange({ ...rule, metric: { id: 'routeP95', route: e.target.value } })} size={30} placeholder="GET /api/users/:id" />
        </label>
      )}
      <label>
        Fires when the value is{' '}
        <select aria-label={label('comparison')} value={rule.comparison} onChange={(e) => onChange({ ...rule, comparison: e.target.value as AlertRule['comparison'] })}>
          <option value=">">above (&gt;)</option>
          <option value=">=">at or above (≥)</option>
          <option value="<">below (&lt;)</option>
          <option value="<=">at or below (≤)</option>
        </select>
      </label>
      <label>
        Threshold{' '}
        <input aria-label={label('threshold')} type="number" min={0} step="any" value={Number.isFinite(rule.threshold.value) ? rule.threshold.value : ''} onChange={(e) => onChange({ ...rule, threshold: { ...rule.threshold, value: number(e.target.value) } })} />
      </label>
      <label>
        Unit{' '}
        <select aria-label={label('unit')} value={rule.threshold.unit} onChange={(e) => onChange({ ...rule, threshold: { ...rule.threshold, unit: e.target.value as Unit } })}>
          {units.map((unit) => (
            <option key={unit}>{unit}</option>
          ))}
        </select>
      </label>
      <label>
        Severity{' '}
        <select aria-label={label('severity')} value={rule.severity} onChange={(e) => onChange({ ...rule, severity: e.target.value as AlertRule['severity'] })}>
          <option value="warning">warning ▲</option>
          <option value="critical">critical ■</option>
        </select>
      </label>
      <label>
        Trigger{' '}
        <select aria-label={label('trigger')} value={rule.trigger.kind} onChange={(e) => setTrigger(defaultTrigger(e.target.value as Trigger['kind']))}>
          <option value="single">any single view</option>
          <option value="p75">p75 of the last N views</option>
          <option value="consistently">N of the last M views</option>
          <option value="baseline">slower than the earlier views (Mann-Whitney U)</option>
        </select>
      </label>
      {rule.trigger.kind !== 'single' && (
        <label>
          {rule.trigger.kind === 'baseline' ? 'Recent views' : 'Views'}{' '}
          <input aria-label={label('views')} type="number" min={1} value={rule.trigger.views} onChange={(e) => setTrigger({ ...rule.trigger, views: number(e.target.value) } as Trigger)} />
        </label>
      )}
      {rule.trigger.kind === 'consistently' && (
        <label>
          Breaches needed{' '}
          <input aria-label={label('breaches needed')} type="number" min={1} value={rule.trigger.breaches} onChange={(e) => setTrigger({ ...rule.trigger, breaches: number(e.target.value) } as Trigger)} />
        </label>
      )}
      {rule.trigger.kind === 'baseline' && rule.trigger.baseline.source === 'earlier' && (
        <label>
          Baseline views{' '}
          <input
            aria-label={label('baseline views')}
            type="number"
            min={3}
            value={rule.trigger.baseline.views}
            onChange={(e) => setTrigger({ ...rule.trigger, baseline: { source: 'earlier', views: number(e.target.value) } } as Trigger)}
          />
        </label>
      )}
      <label>
        Minimum views{' '}
        <input aria-label={label('minimum views')} type="number" min={1} value={rule.minViews} onChange={(e) => onChange({ ...rule, minViews: number(e.target.value) })} />
      </label>
      <label>
        Clears after views back under{' '}
        <input aria-label={label('clear after')} type="number" min={1} value={rule.clearAfter} onChange={(e) => onChange({ ...rule, clearAfter: number(e.target.value) })} />
      </label>
      <label>
        <input
          type="checkbox"
          aria-label={label('automatic action')}
          checked={Boolean(rule.action)}
          onChange={(e) => {
            const { action: _action, ...rest } = rule;
            onChange(e.target.checked ? { ...rest, action: { kind: 'enable-strategy', strategyId: STRATEGY_IDS[0]! } } : rest);
          }}
        />{' '}
        When it fires, switch on
      </label>
      {rule.action && (
        <select aria-label={label('strategy to switch on')} value={rule.action.strategyId} onChange={(e) => onChange({ ...rule, action: { kind: 'enable-strategy', strategyId: e.target.value } })}>
          {STRATEGY_IDS.map((id) => (
            <option key={id} value={id}>
              {STRATEGIES[id].title}
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={onRemove}>
        Remove rule {index + 1}
      </button>
    </fieldset>
  );
}

function metricOf(id: string, previous: MetricRef): MetricRef {
  switch (id) {
    case 'requests':
    case 'bytes':
      return { id, resourceType: 'resourceType' in previous ? previous.resourceType : 'total' };
    case 'requestMs':
      return { id, urlPattern: 'urlPattern' in previous ? previous.urlPattern : '' };
    case 'routeP95':
      return { id, route: 'route' in previous ? previous.route : '' };
    default:
      return { id: id as Extract<MetricRef, { id: 'LCP' }>['id'] };
  }
}

function defaultTrigger(kind: Trigger['kind']): Trigger {
  switch (kind) {
    case 'single':
      return { kind };
    case 'p75':
      return { kind, views: 10 };
    case 'consistently':
      return { kind, breaches: 3, views: 5 };
    case 'baseline':
      return { kind, views: 5, baseline: { source: 'earlier', views: 10 }, alpha: 0.05 };
  }
}
