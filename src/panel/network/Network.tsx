import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes, formatMs } from '../../core/metrics/format';
import { createRequestTable, type NetworkFilter, type SortKey } from '../../core/metrics/request-table';
import { requestName } from '../../core/metrics/summary';
import type { RequestRecord } from '../../core/model';
import { useCaptureData } from '../context';
import { fillOrdersInWorker, PREPARE_AHEAD_FROM } from './column-orders';

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

export function Network() {
  const data = useDeferredValue(useCaptureData());
  const { requests } = data;
  const [filter, setFilter] = useState<NetworkFilter>({ text: '', type: '', sort: 'start', descending: false });
  const deferredFilter = useDeferredValue(filter);
  // Kept per set of requests, so a new sort or filter reuses the orders and keys already computed.
  const table = useMemo(() => createRequestTable(requests), [data]);
  const rows = useMemo(() => table.view(deferredFilter), [table, deferredFilter]);
  useEffect(() => fillOrdersInWorker(table, requests), [table]);
  // The filter's lower-cased URLs are made at idle, a slice at a time, before the first keystroke needs them.
  useEffect(() => {
    if (requests.length < PREPARE_AHEAD_FROM) return;
    // With a timeout: a page that is never idle (busy, or in the background) still gets a slice every half second.
    let handle = requestIdleCallback(function next(deadline) {
      do if (!table.prepareFilter(2_000)) return;
      while (deadline.timeRemaining() > 1);
      handle = requestIdleCallback(next, { timeout: 500 });
    }, { timeout: 500 });
    return () => cancelIdleCallback(handle);
  }, [table]);
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
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });

  const sortBy = (key: SortKey) => setFilter((f) => ({ ...f, sort: key, descending: f.sort === key ? !f.descending : key !== 'name' && key !== 'start' }));

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
          {rows.length.toLocaleString('en-US')} of {requests.length.toLocaleString('en-US')} requests, {formatBytes(rows.transferBytes)} transferred
        </span>
      </div>
      <div className="grid" role="table" aria-label="Requests" aria-rowcount={rows.length + 1}>
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
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className="row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
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
                    {formatMs(r.t - range.from)}
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
                    <Waterfall r={r} from={range.from} span={range.span} />
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
