import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatMs } from '../../core/metrics/format';
import { formatVital, RATING_WORDS } from '../../core/metrics/ratings';
import { VITAL_NAMES, type AlertRecord, type Rating, type Session, type SessionData, type View } from '../../core/model';
import { compareSessions, type Difference, type SessionComparison } from '../../core/sessions/index';
import type { RouteChange, RouteStats } from '../../core/sessions/compare';
import { changeClass, formatAbsolute, formatDateTime, formatPercent, formatValue, sessionLabel, type Unit } from './format';
import { usePanel } from '../context';
import { loadStoredSession } from './stored-session';

/** Rows shown per request table; the rest are counted. */
const MAX_ROUTE_ROWS = 50;

interface Side {
  id: string;
  viewId: string;
}

/**
 * Two sessions (or one view of each) side by side: vitals, long animation frames, totals,
 * requests matched by route, and the alerts of each. A is the baseline; differences are B − A.
 */
export function Compare({ sessions }: { sessions: Session[] }) {
  const { database } = usePanel();
  const [a, setA] = useState<Side>({ id: sessions[1]?.id ?? sessions[0]?.id ?? '', viewId: '' });
  const [b, setB] = useState<Side>({ id: sessions[0]?.id ?? '', viewId: '' });
  const [loaded, setLoaded] = useState<Record<string, SessionData>>({});
  const [loading, setLoading] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  // A session that left the list (deleted, evicted) is no longer a choice.
  useEffect(() => {
    const ids = new Set(sessions.map((s) => s.id));
    if (!ids.has(a.id)) setA({ id: sessions[1]?.id ?? sessions[0]?.id ?? '', viewId: '' });
    if (!ids.has(b.id)) setB({ id: sessions[0]?.id ?? '', viewId: '' });
  }, [sessions, a.id, b.id]);

  const load = async (ids: string[]) => {
    setLoading((current) => [...current, ...ids]);
    try {
      const db = await database();
      const data = await Promise.all(ids.map((id) => loadStoredSession(db, id)));
      setLoaded((current) => ({ ...current, ...Object.fromEntries(data.map((d) => [d.session.id, d])) }));
      setError(null);
    } catch (e) {
      setError(`Could not read a session to compare: ${(e as Error).message}`);
    } finally {
      setLoading((current) => current.filter((id) => !ids.includes(id)));
    }
  };

  useEffect(() => {
    const missing = [...new Set([a.id, b.id])].filter((id) => id && !loaded[id] && !loading.includes(id));
    if (missing.length) void load(missing);
    // Only a change of choice loads (what is loaded or loading is read from the render's state).
  }, [a.id, b.id]);

  const dataA = loaded[a.id];
  const dataB = loaded[b.id];
  const comparison = useMemo(
    () => (dataA && dataB ? compareSessions(dataA, dataB, { viewA: a.viewId || undefined, viewB: b.viewId || undefined }) : null),
    [dataA, dataB, a.viewId, b.viewId],
  );
  // A session still recording has grown since it was read: offer to read it again.
  const stale = [dataA, dataB].filter((d): d is SessionData => {
    const listed = d && sessions.find((s) => s.id === d.session.id);
    return Boolean(d && listed && countOf(listed) !== countOf(d.session));
  });

  return (
    <section className="compare" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <div className="compare-pickers">
        <SidePicker label="Baseline (A)" sessions={sessions} side={a} views={dataA?.views} onChange={setA} />
        <SidePicker label="Compared (B)" sessions={sessions} side={b} views={dataB?.views} onChange={setB} />
        {stale.length > 0 && (
          <button type="button" onClick={() => void load(stale.map((d) => d.session.id))}>
            Read the recording session again
          </button>
        )}
      </div>
      {sessions.length < 2 && <p className="muted">Only one session is stored: compare two of its views, or record or import another session.</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {loading.length > 0 && <p className="muted">Reading the sessions…</p>}
      {comparison && <ComparisonTables comparison={comparison} />}
    </section>
  );
}

const countOf = (session: Session) => session.counts.views + session.counts.samples + session.counts.requests + session.counts.alerts;

function SidePicker({ label, sessions, side, views, onChange }: { label: string; sessions: Session[]; side: Side; views: View[] | undefined; onChange: (side: Side) => void }) {
  return (
    <fieldset className="side">
      <legend>{label}</legend>
      <label>
        Session{' '}
        <select aria-label={`${label} session`} value={side.id} onChange={(e) => onChange({ id: e.target.value, viewId: '' })}>
          {sessions.map((session) => (
            <option key={session.id} value={session.id}>
              {sessionLabel(session)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        View{' '}
        <select aria-label={`${label} view`} value={side.viewId} onChange={(e) => onChange({ ...side, viewId: e.target.value })} disabled={!views}>
          <option value="">All views{views ? ` (${views.length})` : ''}</option>
          {views?.map((view, index) => (
            <option key={view.id} value={view.id}>
              {index + 1}. {view.kind === 'hard' ? 'page load' : 'SPA navigation'} {pathOf(view.url)} at {formatDateTime(view.startTime)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function ComparisonTables({ comparison }: { comparison: SessionComparison }) {
  const { metrics, requests, alerts } = comparison;
  return (
    <div className="comparison">
      <table className="data compare-table">
        <caption>Web vitals: 75th percentile of each page-level value, A → B (lower is better)</caption>
        <thead>
          <DiffHead first="Vital" />
        </thead>
        <tbody>
          {VITAL_NAMES.map((name) => {
            const vital = comparison.vitals[name];
            const unit: Unit = name === 'CLS' ? 'score' : 'ms';
            const show = (value: number | null, rating: Rating | null) => (value === null ? 'n/a' : `${formatVital(name, value)}${rating ? ` (${RATING_WORDS[rating]})` : ''}`);
            return <DiffRow key={name} label={name} diff={vital.p75} unit={unit} a={show(vital.p75.a, vital.ratingA)} b={show(vital.p75.b, vital.ratingB)} />;
          })}
        </tbody>
      </table>

      <table className="data compare-table">
        <caption>Long animation frames (frames over 50 ms), A → B</caption>
        <thead>
          <DiffHead first="Measure" />
        </thead>
        <tbody>
          <DiffRow label="Long frames" diff={metrics.longFrames} unit="count" />
          <DiffRow label="Total long-frame time" diff={metrics.longFrameMs} unit="ms" />
          <DiffRow label="Total blocking time" diff={metrics.blockingMs} unit="ms" />
        </tbody>
      </table>

      <table className="data compare-table">
        <caption>Session totals, A → B</caption>
        <thead>
          <DiffHead first="Measure" />
        </thead>
        <tbody>
          <DiffRow label="Requests" diff={metrics.requests} unit="count" />
          <DiffRow label="Transferred" diff={metrics.transferBytes} unit="bytes" />
          <DiffRow label="Peak JS heap" diff={metrics.peakHeapBytes} unit="bytes" />
          <DiffRow label="Peak DOM nodes" diff={metrics.peakDomNodes} unit="count" />
          <DiffRow label="Alerts" diff={metrics.alerts} unit="count" />
        </tbody>
      </table>

      <p className="muted">
        Requests are matched by method, route (ids in paths become :id) and type. {requests.unchanged} matched route(s) changed less than 20 ms / 10 % in median duration and 1 KiB / 10 % in
        median size.
      </p>
      <RouteTable caption="Requests added: routes only in B" routes={requests.added} />
      <RouteTable caption="Requests removed: routes only in A" routes={requests.removed} />
      <ChangeTable caption="Slower in B: median duration" changes={requests.slower} pick="duration" />
      <ChangeTable caption="Bigger in B: median transfer size" changes={requests.bigger} pick="transferSize" />
      <ChangeTable caption="Faster in B: median duration" changes={requests.faster} pick="duration" />
      <ChangeTable caption="Smaller in B: median transfer size" changes={requests.smaller} pick="transferSize" />

      <AlertTable caption={`Alerts in A (${alerts.a.length})`} alerts={alerts.a} />
      <AlertTable caption={`Alerts in B (${alerts.b.length})`} alerts={alerts.b} />
    </div>
  );
}

/** Header of a difference table: the leading columns, then A, B, Difference and Change. */
function DiffHead({ first, more = [] }: { first: string; more?: { title: string; numeric?: boolean }[] }) {
  const columns = [{ title: first, numeric: false }, ...more, ...['A', 'B', 'Difference', 'Change'].map((title) => ({ title, numeric: true }))];
  return (
    <tr>
      {columns.map((c) => (
        <th key={c.title} scope="col" className={c.numeric ? 'num' : undefined}>
          {c.title}
        </th>
      ))}
    </tr>
  );
}

function DiffRow({ label, diff, unit, a, b }: { label: string; diff: Difference; unit: Unit; a?: string; b?: string }) {
  const cls = changeClass(diff);
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{a ?? formatValue(diff.a, unit)}</td>
      <td className="num">{b ?? formatValue(diff.b, unit)}</td>
      <td className={`num ${cls}`}>{formatAbsolute(diff, unit)}</td>
      <td className={`num ${cls}`}>{formatPercent(diff)}</td>
    </tr>
  );
}

function Empty({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {children}
      </td>
    </tr>
  );
}

function More({ columns, total }: { columns: number; total: number }) {
  if (total <= MAX_ROUTE_ROWS) return null;
  return <Empty columns={columns}>…and {total - MAX_ROUTE_ROWS} more</Empty>;
}

function RouteTable({ caption, routes }: { caption: string; routes: RouteStats[] }) {
  return (
    <table className="data compare-table">
      <caption>
        {caption} ({routes.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">Route</th>
          <th scope="col">Type</th>
          <th scope="col" className="num">
            Requests
          </th>
          <th scope="col" className="num">
            Median duration
          </th>
          <th scope="col" className="num">
            Median size
          </th>
        </tr>
      </thead>
      <tbody>
        {routes.length === 0 && <Empty columns={5}>none</Empty>}
        {routes.slice(0, MAX_ROUTE_ROWS).map((route) => (
          <tr key={route.key}>
            <th scope="row" className="route" title={route.exampleUrl}>
              {route.method} {route.route}
            </th>
            <td>{route.initiatorType}</td>
            <td className="num">{formatValue(route.count, 'count')}</td>
            <td className="num">{formatMs(route.medianDuration)}</td>
            <td className="num">{formatValue(route.medianTransferSize, 'bytes')}</td>
          </tr>
        ))}
        <More columns={5} total={routes.length} />
      </tbody>
    </table>
  );
}

function ChangeTable({ caption, changes, pick }: { caption: string; changes: RouteChange[]; pick: 'duration' | 'transferSize' }) {
  const unit: Unit = pick === 'duration' ? 'ms' : 'bytes';
  return (
    <table className="data compare-table">
      <caption>
        {caption} ({changes.length})
      </caption>
      <thead>
        <DiffHead first="Route" more={[{ title: 'Type' }, { title: 'Requests A / B', numeric: true }]} />
      </thead>
      <tbody>
        {changes.length === 0 && <Empty columns={7}>none</Empty>}
        {changes.slice(0, MAX_ROUTE_ROWS).map((change) => {
          const diff = change[pick];
          const cls = changeClass(diff);
          return (
            <tr key={change.key}>
              <th scope="row" className="route" title={change.b.exampleUrl}>
                {change.a.method} {change.a.route}
              </th>
              <td>{change.a.initiatorType}</td>
              <td className="num">
                {change.a.count} / {change.b.count}
              </td>
              <td className="num">{formatValue(diff.a, unit)}</td>
              <td className="num">{formatValue(diff.b, unit)}</td>
              <td className={`num ${cls}`}>{formatAbsolute(diff, unit)}</td>
              <td className={`num ${cls}`}>{formatPercent(diff)}</td>
            </tr>
          );
        })}
        <More columns={7} total={changes.length} />
      </tbody>
    </table>
  );
}

function AlertTable({ caption, alerts }: { caption: string; alerts: AlertRecord[] }) {
  return (
    <table className="data compare-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Severity</th>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            Value
          </th>
          <th scope="col" className="num">
            Threshold
          </th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {alerts.length === 0 && <Empty columns={6}>none</Empty>}
        {alerts.slice(0, MAX_ROUTE_ROWS).map((alert) => (
          <tr key={alert.id}>
            <td>{formatDateTime(alert.t)}</td>
            <td className={alert.severity === 'critical' ? 'worse' : ''}>{alert.severity}</td>
            <td>{alert.metric}</td>
            <td className="num">{alert.value.toLocaleString('en-US')}</td>
            <td className="num">{alert.threshold.toLocaleString('en-US')}</td>
            <td>{alert.message}</td>
          </tr>
        ))}
        <More columns={6} total={alerts.length} />
      </tbody>
    </table>
  );
}
