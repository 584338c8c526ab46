import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes, formatCount, formatMs } from '../../core/metrics/format';
import type { NetworkFilter, SortKey } from '../../core/metrics/request-table';
import { requestName } from '../../core/metrics/summary';
import type { RequestRecord } from '../../core/model';
import { useCaptureData } from '../context';
import { preparedTableOf } from './request-tables';

const COLUMNS: { key: SortKey; title: string; className: string }[] = [
  { key: 'name', title: 'Name', className: 'c-name' },
  { key: 'status', title: 'Status', className: 'c-status' },
  { key: 'type', title: 'Type', className: 'c-type' },
  { key: 'start', title: 'Start', className: 'c-start' },
  { key: 'waiting', title: 'Waiting', className: 'c-wait' },
  { key: 'duration', title: 'Duration', className: 'c-dur' },
  { key: 'size', title: 'Size', className: 'c-size' },
];

const ROW_HEIGHT = 22;
/** Rows rendered beyond the visible ones on each side: every sort or filter re-renders them all. */
const OVERSCAN = 8;

function Waterfall({ r, from, span }: { r: RequestRecord; from: number; span: number }) {
  const left = ((r.t - from) / span) * 100;
  const width = Math.max(0.3, (r.duration / span) * 100);
  const wait = r.duration > 0 ? (r.phases.waiting / r.duration) * 100 : 0;
  const download = r.duration > 0 ? (r.phases.download / r.duration) * 100 : 0;
  return (
    <div className="waterfall" title={`start +${formatMs(r.t - from)}, ${formatMs(r.duration)} (waiting ${formatMs(r.phases.waiting)}, download ${formatMs(r.phases.download)})`}>
      <div className="bar" style={{ left: `${left}%`, width: `${width}%` }}>
        <span className="wait" style={{ width: `${wait}%` }} />
        <span className="download" style={{ width: `${download}%` }} />
      </div>
    </div>
  );
}

/** One request's row; memoised, so a render that leaves a row's request and place alone (the header's click, a keystroke before the filter applies) skips it. */
const Row = memo(function Row({ r, index, top, from, span }: { r: RequestRecord; index: number; top: number; from: number; span: number }) {
  return (
    <div role="row" aria-rowindex={index + 2} className="row" style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <div role="cell" className="c-name" title={r.url}>
        {requestName(r.url)}
      </div>
      <div role="cell" className="c-status">
        {r.status || ''}
      </div>
      <div role="cell" className="c-type">
        {r.method ? `${r.method} ` : ''}
        {r.initiatorType}
      </div>
      <div role="cell" className="c-start">
        {formatMs(r.t - from)}
      </div>
      <div role="cell" className="c-wait">
        {formatMs(r.phases.waiting)}
      </div>
      <div role="cell" className="c-dur">
        {formatMs(r.duration)}
      </div>
      <div role="cell" className="c-size">
        {r.cached ? '(cache)' : formatBytes(r.transferSize)}
      </div>
      <div role="cell" className="c-waterfall">
        <Waterfall r={r} from={from} span={span} />
      </div>
    </div>
  );
});

export function Network() {
  const data = useDeferredValue(useCaptureData());
  const { requests } = data;
  const [filter, setFilter] = useState<NetworkFilter>({ text: '', type: '', sort: 'start', descending: false });
  const deferredFilter = useDeferredValue(filter);
  // One table per requests array, kept across renders and visits: its orders are made ahead in a worker and follow a live session's appends.
  const prepared = useMemo(() => preparedTableOf(requests), [data]);
  const { table } = prepared;
  const [ordersArrived, setOrdersArrived] = useState(0);
  useEffect(() => prepared.onOrder(() => setOrdersArrived((n) => n + 1)), [prepared]);
  // While the clicked column's order is on its way from the worker, the rows keep the last order shown (the grid says it is busy) instead of sorting on the main thread.
  const waiting = prepared.pending(deferredFilter.sort);
  const lastSorted = useRef<Pick<NetworkFilter, 'sort' | 'descending'>>(deferredFilter);
  if (!waiting) lastSorted.current = deferredFilter;
  const { sort, descending } = lastSorted.current;
  const rows = useMemo(() => table.view({ ...deferredFilter, sort, descending }), [table, data, deferredFilter.text, deferredFilter.type, sort, descending, ordersArrived]);
  const types = useMemo(() => [...new Set(requests.map((r) => r.initiatorType))].sort(), [data]);
  const range = useMemo(() => {
    let from = Infinity;
    let to = -Infinity;
    for (const r of requests) {
      from = Math.min(from, r.t);
      to = Math.max(to, r.t + r.duration);
    }
    return Number.isFinite(from) ? { from, span: Math.max(1, to - from) } : { from: 0, span: 1 };
  }, [data]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });

  const sortBy = (key: SortKey) => {
    if (prepared.pending(key)) prepared.wantFirst(key);
    setFilter((f) => ({ ...f, sort: key, descending: f.sort === key ? !f.descending : key !== 'name' && key !== 'start' }));
  };

  return (
    <div className="network">
      <div className="toolbar">
        <input type="search" placeholder="Filter by URL" aria-label="Filter requests by URL" value={filter.text} onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))} />
        <select aria-label="Filter by type" value={filter.type} onChange={(e) => setFilter((f) => ({ ...f, type: e.target.value }))}>
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <span className="muted" aria-live="polite" data-testid="network-count">
          {formatCount(rows.length)} of {formatCount(table.size)} requests, {formatBytes(rows.transferBytes)} transferred
        </span>
      </div>
      <div className="grid" role="table" aria-label="Requests" aria-rowcount={rows.length + 1} aria-busy={waiting}>
        <div className="row head" role="row">
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className={c.className} aria-sort={filter.sort === c.key ? (filter.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" onClick={() => sortBy(c.key)}>
                {c.title}
                {filter.sort === c.key ? (filter.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </div>
          ))}
          <div role="columnheader" className="c-waterfall">
            Waterfall
          </div>
        </div>
        {/* A focusable row group, so the keyboard can scroll the rows (they hold no controls of their own). */}
        <div className="body" role="rowgroup" ref={scroller} tabIndex={0}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const r = rows.at(item.index);
              return <Row key={item.key} r={r} index={item.index} top={item.start} from={range.from} span={range.span} />;
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
