import { formatBytes, formatMs } from '../../core/metrics/format';
import type { MetricProof, Proof, ProofMetric } from '../../core/optimizer/proof';

const METRIC_LABELS: Record<ProofMetric, string> = {
  LCP: 'LCP',
  FCP: 'FCP',
  CLS: 'CLS',
  INP: 'INP',
  loafMs: 'Long-frame time',
  renderMs: 'Rendering time',
  bytes: 'Bytes transferred',
  requests: 'Requests',
};

export function formatMetric(metric: ProofMetric, value: number | null): string {
  if (value === null) return '–';
  if (metric === 'CLS') return value.toFixed(3);
  if (metric === 'bytes') return formatBytes(value);
  if (metric === 'requests') return value.toFixed(value % 1 ? 1 : 0);
  return formatMs(value);
}

function Row({ m }: { m: MetricProof }) {
  return (
    <tr data-metric={m.metric} className={`verdict-${m.verdict.replace(/ /g, '-')}`}>
      <th scope="row">{METRIC_LABELS[m.metric]}</th>
      <td className="num">{m.before.n}</td>
      <td className="num">{formatMetric(m.metric, m.before.median)}</td>
      <td className="num">{formatMetric(m.metric, m.before.p75)}</td>
      <td className="num">{m.after.n}</td>
      <td className="num">{formatMetric(m.metric, m.after.median)}</td>
      <td className="num">{formatMetric(m.metric, m.after.p75)}</td>
      <td className="num">{m.changePercent === null ? '–' : `${m.changePercent > 0 ? '+' : ''}${m.changePercent.toFixed(1)} %`}</td>
      <td className="num">{m.pValue === null ? '–' : m.pValue < 0.001 ? '< 0.001' : m.pValue.toFixed(3)}</td>
      <td>{m.verdict}</td>
    </tr>
  );
}

/** Before/after of one proof: sample counts, medians, p75, change and significance per metric. */
export function ProofTable({ proof, caption }: { proof: Proof; caption: string }) {
  return (
    <table className="data proof" aria-label={caption}>
      <caption>
        {caption}: {proof.loadsBefore} loads without, {proof.loadsAfter} with. {proof.summary}. Test: {proof.method}.
      </caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">n before</th>
          <th scope="col" className="num">median before</th>
          <th scope="col" className="num">p75 before</th>
          <th scope="col" className="num">n after</th>
          <th scope="col" className="num">median after</th>
          <th scope="col" className="num">p75 after</th>
          <th scope="col" className="num">change</th>
          <th scope="col" className="num">p</th>
          <th scope="col">verdict</th>
        </tr>
      </thead>
      <tbody>
        {proof.metrics.map((m) => (
          <Row key={m.metric} m={m} />
        ))}
      </tbody>
    </table>
  );
}
