import { useMemo } from 'react';
import type { EndpointResult, SimulationResult } from '../../core/simulator/index';
import { formatMoney, formatMsValue, formatNumber, formatPercentValue, formatRate, formatSeconds, formatWall, splitEndpoint } from './format';
import { SeriesChart, type ChartSeries } from './SeriesChart';

const COLORS = { p50: '#1a73e8', p95: '#e37400', p99: '#d93025', mean: '#1a73e8', slo: '#888888', replicas: '#188038', ready: '#1a73e8', queue: '#a142f4', throughput: '#1a73e8', failures: '#d93025', arrivals: '#888888' };

/** Time axis unit for a run: seconds up to 2 h, minutes beyond. */
function timeAxis(simulatedMs: number): { divisor: number; label: string } {
  return simulatedMs > 7_200_000 ? { divisor: 60_000, label: 'Simulated time (min)' } : { divisor: 1000, label: 'Simulated time (s)' };
}

function sumPerBucket(rows: (number | null)[][], length: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < length; i++) {
    let sum: number | null = null;
    for (const row of rows) {
      const v = row[i];
      if (typeof v === 'number') sum = (sum ?? 0) + v;
    }
    out.push(sum);
  }
  return out;
}

function maxOf(values: (number | null)[]): number | null {
  let max: number | null = null;
  for (const v of values) if (typeof v === 'number' && (max === null || v > max)) max = v;
  return max;
}

/** The run's charts: latency per endpoint, latency, replicas, queue length and throughput over time. */
export function ResultCharts({ result }: { result: SimulationResult }) {
  const charts = useMemo(() => {
    const series = result.series;
    const axis = timeAxis(result.simulatedMs);
    const x = series.t.map((t) => t / axis.divisor);
    const endpoints = [{ name: 'all endpoints', latency: result.latency }, ...result.endpoints.map((e) => ({ name: splitEndpoint(e.name).template || e.name, latency: e.latency }))];
    const percentileSeries: ChartSeries[] = [
      { label: 'p50 (ms)', values: endpoints.map((e) => e.latency.p50Ms), color: COLORS.p50, points: true },
      { label: 'p95 (ms)', values: endpoints.map((e) => e.latency.p95Ms), color: COLORS.p95, points: true },
      { label: 'p99 (ms)', values: endpoints.map((e) => e.latency.p99Ms), color: COLORS.p99, points: true },
    ];
    const latencySeries: ChartSeries[] = [
      { label: 'Mean latency (ms)', values: series.meanLatencyMs, color: COLORS.mean },
      { label: `SLO latency (ms)`, values: series.t.map(() => result.slo.latencyMs), color: COLORS.slo, dash: [5, 5] },
    ];
    const replicaSeries: ChartSeries[] = [
      { label: 'Replicas', values: series.replicas, color: COLORS.replicas, stepped: true },
      { label: 'Ready replicas', values: series.readyReplicas, color: COLORS.ready, stepped: true, dash: [4, 3] },
    ];
    const queue = sumPerBucket(
      series.instances.map((i) => i.queueLength),
      series.t.length,
    );
    const queueSeries: ChartSeries[] = [{ label: 'Waiting requests, all instances', values: queue, color: COLORS.queue }];
    const failures = series.t.map((_, i) => (series.errorsPerSec[i] ?? 0) + (series.timeoutsPerSec[i] ?? 0) + (series.dropsPerSec[i] ?? 0));
    const throughputSeries: ChartSeries[] = [
      { label: 'Arrivals (requests/s)', values: series.arrivalsPerSec, color: COLORS.arrivals, dash: [4, 3] },
      { label: 'Completed (requests/s)', values: series.throughputPerSec, color: COLORS.throughput },
      { label: 'Errors + timeouts + drops (requests/s)', values: failures, color: COLORS.failures },
    ];
    return { x, axis, endpoints, percentileSeries, latencySeries, replicaSeries, queue, queueSeries, throughputSeries, categoryX: endpoints.map((_, i) => i) };
  }, [result]);

  const { x, axis } = charts;
  const peakQueue = maxOf(charts.queue);
  return (
    <div className="sim-charts">
      <SeriesChart
        title="Latency percentiles per endpoint"
        xLabel="Endpoint"
        yLabel="Latency (ms, log scale)"
        logY
        x={charts.categoryX}
        categories={charts.endpoints.map((e) => e.name)}
        series={charts.percentileSeries}
        summary={`p95 overall ${formatMsValue(result.latency.p95Ms)} ms; ${result.endpoints.length} endpoints`}
      />
      <SeriesChart
        title="Mean latency over time"
        xLabel={axis.label}
        yLabel="Latency (ms)"
        x={x}
        series={charts.latencySeries}
        summary={`highest bucket mean ${formatMsValue(maxOf(result.series.meanLatencyMs))} ms, SLO latency ${formatNumber(result.slo.latencyMs)} ms`}
      />
      <SeriesChart
        title="Replicas over time"
        xLabel={axis.label}
        yLabel="Instances"
        x={x}
        series={charts.replicaSeries}
        summary={`peak ${result.scaling.peakReplicas}, final ${result.scaling.finalReplicas} replicas`}
      />
      <SeriesChart title="Queue length over time" xLabel={axis.label} yLabel="Requests waiting" x={x} series={charts.queueSeries} summary={`peak mean queue ${formatNumber(peakQueue, 1)} requests`} />
      <SeriesChart
        title="Throughput and failures over time"
        xLabel={axis.label}
        yLabel="Requests/s"
        x={x}
        series={charts.throughputSeries}
        summary={`${formatRate(result.throughputPerSec)} requests/s completed on average`}
      />
    </div>
  );
}

function LatencyRow({ scope, name, data }: { scope: 'overall' | 'endpoint'; name: string; data: Pick<EndpointResult, 'requests' | 'latency' | 'throughputPerSec'> }) {
  const { requests, latency } = data;
  return (
    <tr data-scope={scope} data-endpoint={name}>
      <th scope="row" className={scope === 'endpoint' ? 'route' : undefined}>
        {name}
      </th>
      <td className="num">{formatNumber(requests.issued)}</td>
      <td className="num">{formatNumber(requests.completed)}</td>
      <td className="num" data-col="p50">{formatMsValue(latency.p50Ms)}</td>
      <td className="num" data-col="p90">{formatMsValue(latency.p90Ms)}</td>
      <td className="num" data-col="p95">{formatMsValue(latency.p95Ms)}</td>
      <td className="num" data-col="p99">{formatMsValue(latency.p99Ms)}</td>
      <td className="num" data-col="max">{formatMsValue(latency.maxMs)}</td>
      <td className="num">{formatMsValue(latency.meanMs)}</td>
      <td className="num">{formatRate(data.throughputPerSec)}</td>
      <td className="num">{formatNumber(requests.errors)}</td>
      <td className="num">{formatNumber(requests.timeouts)}</td>
      <td className="num">{formatNumber(requests.drops)}</td>
    </tr>
  );
}

/** Latency percentiles and outcomes, overall and per endpoint. */
export function ResultTable({ result }: { result: SimulationResult }) {
  return (
    <table className="data sim-results" aria-label="Simulation results">
      <caption>
        Latency of successful requests and what happened to the others, after the warm-up. Percentiles: {result.percentileMethod}.
      </caption>
      <thead>
        <tr>
          <th scope="col">Endpoint</th>
          <th scope="col" className="num">Issued (requests)</th>
          <th scope="col" className="num">Completed (requests)</th>
          <th scope="col" className="num">p50 (ms)</th>
          <th scope="col" className="num">p90 (ms)</th>
          <th scope="col" className="num">p95 (ms)</th>
          <th scope="col" className="num">p99 (ms)</th>
          <th scope="col" className="num">Max (ms)</th>
          <th scope="col" className="num">Mean (ms)</th>
          <th scope="col" className="num">Throughput (requests/s)</th>
          <th scope="col" className="num">Errors (requests)</th>
          <th scope="col" className="num">Timeouts (requests)</th>
          <th scope="col" className="num">Drops (requests)</th>
        </tr>
      </thead>
      <tbody>
        <LatencyRow scope="overall" name="All endpoints" data={result} />
        {result.endpoints.map((endpoint) => (
          <LatencyRow key={endpoint.name} scope="endpoint" name={endpoint.name} data={endpoint} />
        ))}
      </tbody>
    </table>
  );
}

/** Headline figures: the SLO, cost, waiting, load and the run itself. */
export function ResultSummary({ result, wallMs, fromCache }: { result: SimulationResult; wallMs: number; fromCache?: boolean }) {
  const slo = result.slo;
  const requests = result.requests;
  return (
    <div className="sim-summary">
      <div className={`card sim-slo ${slo.met ? 'met' : 'missed'}`} role="group" aria-label="SLO attainment">
        <h3>SLO: {formatNumber(slo.percentile, 2)} % under {formatNumber(slo.latencyMs)} ms</h3>
        <p className="value">
          {formatPercentValue(slo.attainment, 2)} % of requests — <strong>{slo.met ? 'met' : 'not met'}</strong>
        </p>
        <p className="muted">
          p{formatNumber(slo.percentile, 2)} latency {formatMsValue(slo.latencyAtPercentileMs)} ms; errors, timeouts and drops count as misses.
        </p>
      </div>
      <div className="card" role="group" aria-label="Cost">
        <h3>Cost</h3>
        <p className="value">{formatMoney(result.cost.total)}</p>
        <p className="muted">
          {formatNumber(result.cost.instanceHours, 3)} instance-hours × {formatMoney(result.cost.pricePerInstanceHour)} per instance-hour
        </p>
      </div>
      <div className="card" role="group" aria-label="Waiting">
        <h3>Waiting in queues</h3>
        <p className="value">{formatMsValue(result.wait.meanMs)} ms mean</p>
        <p className="muted">{formatPercentValue(result.wait.probability)} % of requests waited for a worker.</p>
      </div>
      <div className="card" role="group" aria-label="Requests">
        <h3>Requests</h3>
        <p className="value">{formatRate(result.throughputPerSec)} requests/s</p>
        <p className="muted">
          {formatNumber(requests.issued)} issued, {formatNumber(requests.completed)} completed, {formatNumber(requests.errors)} errors, {formatNumber(requests.timeouts)} timeouts,{' '}
          {formatNumber(requests.drops)} drops, {formatNumber(requests.inFlightAtEnd)} still in flight at the end.
          {result.offeredUtilization !== null && ` Offered load ${formatPercentValue(result.offeredUtilization)} % of peak capacity.`}
        </p>
      </div>
      <div className="card" role="group" aria-label="Replicas">
        <h3>Replicas</h3>
        <p className="value">
          peak {result.scaling.peakReplicas}, final {result.scaling.finalReplicas}
        </p>
        <p className="muted">{result.scaling.events.length} scaling events.</p>
      </div>
      <div className="card" role="group" aria-label="Run statistics">
        <h3>Run</h3>
        <p className="value">{formatSeconds(result.simulatedMs)} s simulated</p>
        <p className="muted">
          {fromCache
            ? `The same configuration and seed ran before: its result (${formatNumber(result.events)} events) came from the cache in ${formatWall(wallMs)}.`
            : `${formatNumber(result.events)} events in ${formatWall(wallMs)} in the background (${formatNumber(result.perf.eventsPerSecond / 1e6, 2)} million events/s while computing).`}{' '}
          Seed {String(result.seed)}.
        </p>
      </div>
    </div>
  );
}

/** Per instance: utilization, queue, outcomes, life and instance-hours. */
export function InstanceTable({ result }: { result: SimulationResult }) {
  return (
    <table className="data sim-instances" aria-label="Instances">
      <caption>Every instance the run had (autoscaled ones included).</caption>
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col" className="num">Workers</th>
          <th scope="col" className="num">Utilization (%)</th>
          <th scope="col" className="num">Mean queue (requests)</th>
          <th scope="col" className="num">Served (requests)</th>
          <th scope="col" className="num">Failed (requests)</th>
          <th scope="col" className="num">Refused (requests)</th>
          <th scope="col" className="num">Timeouts (requests)</th>
          <th scope="col" className="num">Drops (requests)</th>
          <th scope="col" className="num">Down (s)</th>
          <th scope="col" className="num">Ready at (s)</th>
          <th scope="col" className="num">Stopped at (s)</th>
          <th scope="col" className="num">Instance-hours (h)</th>
        </tr>
      </thead>
      <tbody>
        {result.instances.map((instance) => (
          <tr key={instance.id}>
            <th scope="row">{instance.id}</th>
            <td className="num">{instance.workers}</td>
            <td className="num">{formatPercentValue(instance.utilization)}</td>
            <td className="num">{formatNumber(instance.meanQueueLength, 2)}</td>
            <td className="num">{formatNumber(instance.served)}</td>
            <td className="num">{formatNumber(instance.failedRequests)}</td>
            <td className="num">{formatNumber(instance.refused)}</td>
            <td className="num">{formatNumber(instance.timeouts)}</td>
            <td className="num">{formatNumber(instance.drops)}</td>
            <td className="num">{formatSeconds(instance.downtimeMs)}</td>
            <td className="num">{instance.readyAtMs === null ? 'never' : formatSeconds(instance.readyAtMs)}</td>
            <td className="num">{instance.stoppedAtMs === null ? 'running' : formatSeconds(instance.stoppedAtMs)}</td>
            <td className="num">{formatNumber(instance.instanceHours, 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const MAX_SCALING_ROWS = 50;

/** The autoscaler's decisions with their reasons. */
export function ScalingEvents({ result }: { result: SimulationResult }) {
  const events = result.scaling.events;
  if (events.length === 0) return null;
  return (
    <table className="data sim-scaling" aria-label="Scaling events">
      <caption>
        Scaling decisions{events.length > MAX_SCALING_ROWS ? ` (first ${MAX_SCALING_ROWS} of ${events.length}; the JSON export has them all)` : ''}.
      </caption>
      <thead>
        <tr>
          <th scope="col" className="num">At (s)</th>
          <th scope="col" className="num">From (replicas)</th>
          <th scope="col" className="num">To (replicas)</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {events.slice(0, MAX_SCALING_ROWS).map((event, i) => (
          <tr key={i}>
            <td className="num">{formatSeconds(event.atMs)}</td>
            <td className="num">{event.from}</td>
            <td className="num">{event.to}</td>
            <td>{event.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
