import type { Comparison, ComparisonRow } from '../../core/simulator/index';
import { formatChange, formatMoney, formatMsValue, formatNumber, formatPercentValue, formatRate } from './format';

interface Metric {
  key: keyof ComparisonRow;
  label: string;
  format: (row: ComparisonRow) => string;
  /** Which direction is better, to colour a variant's change; none for neutral figures. */
  better?: 'lower' | 'higher';
}

const METRICS: Metric[] = [
  { key: 'p50Ms', label: 'p50 (ms)', format: (r) => formatMsValue(r.p50Ms), better: 'lower' },
  { key: 'p95Ms', label: 'p95 (ms)', format: (r) => formatMsValue(r.p95Ms), better: 'lower' },
  { key: 'p99Ms', label: 'p99 (ms)', format: (r) => formatMsValue(r.p99Ms), better: 'lower' },
  { key: 'meanMs', label: 'Mean (ms)', format: (r) => formatMsValue(r.meanMs), better: 'lower' },
  { key: 'throughputPerSec', label: 'Throughput (requests/s)', format: (r) => formatRate(r.throughputPerSec), better: 'higher' },
  { key: 'errorRate', label: 'Errors + timeouts + drops (% of issued)', format: (r) => formatPercentValue(r.errorRate, 2), better: 'lower' },
  { key: 'sloAttainment', label: 'SLO attainment (%)', format: (r) => formatPercentValue(r.sloAttainment, 2), better: 'higher' },
  { key: 'sloMet', label: 'SLO met', format: (r) => (r.sloMet ? 'met' : 'not met') },
  { key: 'peakReplicas', label: 'Peak replicas', format: (r) => formatNumber(r.peakReplicas) },
  { key: 'instanceHours', label: 'Instance-hours (h)', format: (r) => formatNumber(r.instanceHours, 3), better: 'lower' },
  { key: 'cost', label: 'Cost (per price unit)', format: (r) => formatMoney(r.cost), better: 'lower' },
];

function columnName(row: ComparisonRow): string {
  return row.name === 'base' ? 'base (the form above)' : row.name;
}

/** The base and its variants side by side: one column per configuration, variants with their change against the base. */
export function ComparisonTable({ comparison }: { comparison: Comparison }) {
  const ratios = new Map(comparison.relativeToBase.map((r) => [r.name, r.ratios]));
  return (
    <table className="data sim-comparison" aria-label="Comparison">
      <caption>Same seed for every configuration: each sees the same arrivals and service times, so differences come from the configuration.</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          {comparison.rows.map((row) => (
            <th key={row.name} scope="col" className="num">
              {columnName(row)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {METRICS.map((metric) => (
          <tr key={metric.key} data-metric={metric.key}>
            <th scope="row">{metric.label}</th>
            {comparison.rows.map((row, i) => {
              const ratio = i === 0 ? null : (ratios.get(row.name)?.[metric.key] ?? null);
              const change = metric.better && ratio !== null ? formatChange(ratio) : null;
              const verdict = metric.better && ratio !== null && Number.isFinite(ratio) && Math.abs(ratio - 1) >= 0.005 ? ((ratio < 1) === (metric.better === 'lower') ? 'better' : 'worse') : '';
              return (
                <td key={row.name} className={`num ${verdict}`}>
                  {metric.format(row)}
                  {change && <span className="sim-change"> ({change})</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
