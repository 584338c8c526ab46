import type { Workload } from '../../core/simulator/index';
import { formatMsValue, formatNumber, splitEndpoint } from './format';

const SOURCE_LABELS = { 'server-timing': 'Server-Timing total', waiting: 'time to first byte', duration: 'whole request' } as const;

/** The workload's endpoints as measured in the session: route template, share of requests, server time. */
export function EndpointsTable({ workload }: { workload: Workload }) {
  const total = workload.endpoints.reduce((sum, e) => sum + e.weight, 0);
  const rows = [...workload.endpoints].sort((a, b) => b.weight - a.weight);
  return (
    <table className="data sim-endpoints" aria-label="Endpoints from the session">
      <caption>
        {rows.length} endpoints from {formatNumber(total)} captured API requests; the simulation resamples their measured service times.
      </caption>
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col">Route template</th>
          <th scope="col" className="num">Share of requests (%)</th>
          <th scope="col" className="num">Captured (requests)</th>
          <th scope="col" className="num">Service time median (ms)</th>
          <th scope="col" className="num">Service time p95 (ms)</th>
          <th scope="col">Measured from</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((endpoint) => {
          const { method, template } = splitEndpoint(endpoint.name);
          const observed = endpoint.observed;
          return (
            <tr key={endpoint.name} data-endpoint={endpoint.name}>
              <td>{method || '–'}</td>
              <th scope="row" className="route">
                {template}
              </th>
              <td className="num">{formatNumber((endpoint.weight / total) * 100, 1)}</td>
              <td className="num">{formatNumber(observed?.count ?? endpoint.weight)}</td>
              <td className="num">{formatMsValue(observed?.p50Ms)}</td>
              <td className="num">{formatMsValue(observed?.p95Ms)}</td>
              <td>{observed ? SOURCE_LABELS[observed.serverTimeFrom] : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
