/**
 * A self-contained HTML report: inline CSS and SVG, no script, no network (its
 * Content-Security-Policy forbids both), printable to PDF. It reads each stream once and keeps
 * only what it shows: top-N lists, the vitals' final values and a compacted heap series.
 */
import { VITAL_NAMES, type AlertRecord, type AutomaticActionRecord, type LongFrameSample, type MemorySample, type RequestRecord, type Session, type View } from '../../model';
import { describeUnmeasured, isMeasured, NOT_MEASURED, notMeasuredReason, supportOf, type BrowserSupport } from '../../metrics/browser-support';
import { formatBytes, formatDuration, formatMs } from '../../metrics/format';
import { RATING_WORDS, VITAL_TITLES, formatVital, rateVital } from '../../metrics/ratings';
import { routeTemplate } from '../routes';
import { describeRemoved, sanitizeExportInput, type Sanitizer } from '../sanitize';
import { inBatches, TopN } from '../stream';
import { isoTime } from '../time';
import { createSummaryAccumulator, type SessionSummary } from '../summary';
import { CREATOR, type ExportOptions, type SessionExportInput } from '../types';

const TOP_N = 20;
const MAX_ALERT_ROWS = 200;
const MAX_CHART_POINTS = 600;

interface HeapPoint {
  t: number;
  heap: number;
  dom: number;
}

/** Everything the report shows, gathered in one pass over the session's streams. */
interface ReportData {
  session: Session;
  views: View[];
  summary: SessionSummary;
  slowest: RequestRecord[];
  largest: RequestRecord[];
  longest: LongFrameSample[];
  heap: HeapPoint[];
  alerts: AlertRecord[];
  actions: AutomaticActionRecord[];
  generatedAt: number;
  sanitizer: Sanitizer;
  /** What the capturing browser exposed, when known. */
  support: BrowserSupport | undefined;
}

export async function* exportReport(input: SessionExportInput, options: ExportOptions = {}): AsyncGenerator<string> {
  const data = await gatherReportData(input, options);
  yield renderReport(data);
}

async function gatherReportData(raw: SessionExportInput, options: ExportOptions): Promise<ReportData> {
  const { input, sanitizer: clean } = sanitizeExportInput(raw, options);
  const summary = createSummaryAccumulator();
  const longest = new TopN<LongFrameSample>(TOP_N, (frame) => frame.duration);
  const heap = new CompactingSeries(MAX_CHART_POINTS);
  for await (const batch of inBatches(input.samples)) {
    for (const sample of batch) {
      summary.addSample(sample);
      if (sample.kind === 'loaf') longest.add(sample);
      else if (sample.kind === 'memory' && sample.heapUsed !== null) heap.add(sample);
    }
  }
  const slowest = new TopN<RequestRecord>(TOP_N, (request) => request.duration);
  const largest = new TopN<RequestRecord>(TOP_N, (request) => request.transferSize);
  for await (const batch of inBatches(input.requests)) {
    for (const request of batch) {
      summary.addRequest(request);
      slowest.add(request);
      largest.add(request);
    }
  }
  const alerts: AlertRecord[] = [];
  for await (const batch of inBatches(input.alerts)) {
    for (const alert of batch) {
      summary.addAlert(alert);
      if (alerts.length < MAX_ALERT_ROWS) alerts.push(alert);
    }
  }
  const actions: AutomaticActionRecord[] = [];
  for await (const batch of inBatches(input.actions ?? [])) for (const action of batch) if (actions.length < MAX_ALERT_ROWS) actions.push(action);
  return {
    session: input.session,
    views: [...input.views],
    summary: summary.result(),
    slowest: slowest.values(),
    largest: largest.values(),
    longest: longest.values(),
    heap: heap.points(),
    alerts,
    actions,
    generatedAt: options.now ?? Date.now(),
    sanitizer: clean,
    support: supportOf(input.session, input.views),
  };
}

/** Keeps at most about `max` points by merging neighbours (keeping each pair's peak) as it grows. */
class CompactingSeries {
  private series: HeapPoint[] = [];

  constructor(private readonly max: number) {}

  add(sample: MemorySample): void {
    this.series.push({ t: sample.t, heap: sample.heapUsed ?? 0, dom: sample.domNodes });
    if (this.series.length >= this.max * 2) this.series = halve(this.series);
  }

  points(): HeapPoint[] {
    return this.series;
  }
}

function halve(points: HeapPoint[]): HeapPoint[] {
  const out: HeapPoint[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const a = points[i];
    const b = points[i + 1];
    if (!a) break;
    out.push(b ? { t: (a.t + b.t) / 2, heap: Math.max(a.heap, b.heap), dom: Math.max(a.dom, b.dom) } : a);
  }
  return out;
}

function renderReport(data: ReportData): string {
  const { session } = data;
  const title = `Performance report — ${session.name || session.url}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
${renderSessionFacts(data)}
</header>
<main>
${renderUnmeasured(data.support)}
${renderVitals(data.summary, data.support)}
${renderTotals(data.summary, data.support)}
${renderViews(data.views, session.startTime)}
${renderHeap(data.heap, session.startTime, data.support)}
${renderLongFrames(data.longest, data.summary, session.startTime, data.support)}
${renderRequests('Slowest requests', data.slowest, session.startTime)}
${renderRequests('Largest requests', data.largest, session.startTime)}
${renderAlerts(data.alerts, data.summary.alerts, session.startTime)}
${renderActions(data.actions, session.startTime)}
</main>
<footer>${renderFooter(data)}</footer>
</body>
</html>
`;
}

function renderSessionFacts({ session, views }: ReportData): string {
  const end = session.endTime ?? null;
  const facts: [string, string][] = [
    ['Page', session.url],
    ['Title', session.title],
    ['Started', isoTime(session.startTime)],
    ['Duration', end === null ? 'still recording' : formatDuration(end - session.startTime)],
    ['Views', String(views.length)],
    ['Source', session.origin],
  ];
  return `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>`;
}

/** A line saying plainly what this browser could not measure (nothing when it measured all). */
function renderUnmeasured(support: BrowserSupport | undefined): string {
  const text = describeUnmeasured(support);
  return text ? `<p class="not-measured">${escapeHtml(text)}</p>` : '';
}

function renderVitals(summary: SessionSummary, support: BrowserSupport | undefined): string {
  const rows = VITAL_NAMES.map((name) => {
    const vital = summary.vitals[name];
    if (!vital) return `<tr><th scope="row">${name}<small>${VITAL_TITLES[name]}</small></th><td colspan="4" class="muted">${isMeasured(support, name) ? 'not measured' : NOT_MEASURED}</td></tr>`;
    return `<tr><th scope="row">${name}<small>${VITAL_TITLES[name]}</small></th>
<td class="num"><span class="badge ${vital.rating}">${escapeHtml(formatVital(name, vital.p75))}</span> <span class="rating">${RATING_WORDS[vital.rating]}</span></td>
<td class="num">${escapeHtml(formatVital(name, vital.median))}</td>
<td class="num">${escapeHtml(formatVital(name, vital.last))} <span class="rating">${RATING_WORDS[rateVital(name, vital.last)]}</span></td>
<td class="num">${vital.count}</td></tr>`;
  }).join('\n');
  return section(
    'Core Web Vitals',
    `<table><thead><tr><th>Metric</th><th class="num">p75 (rating)</th><th class="num">Median</th><th class="num">Last (rating)</th><th class="num">Instances</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function renderTotals(summary: SessionSummary, support: BrowserSupport | undefined): string {
  const frames = isMeasured(support, 'longFrames') || summary.longFrames > 0;
  const cards: [string, string][] = [
    ['Requests', summary.requests.toLocaleString('en-US')],
    ['Transferred', formatBytes(summary.transferBytes)],
    ['Long frames', frames ? summary.longFrames.toLocaleString('en-US') : NOT_MEASURED],
    ['Long-frame time', frames ? formatMs(summary.longFrameMs) : NOT_MEASURED],
    ['Blocking time', frames ? formatMs(summary.blockingMs) : NOT_MEASURED],
    ['Peak JS heap', isMeasured(support, 'heap') || summary.peakHeapBytes !== null ? formatBytes(summary.peakHeapBytes) : NOT_MEASURED],
    ['Peak DOM nodes', summary.peakDomNodes === null ? 'n/a' : summary.peakDomNodes.toLocaleString('en-US')],
    ['Alerts', summary.alerts.toLocaleString('en-US')],
  ];
  return section('Totals', `<div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="k">${k}</div><div class="v">${escapeHtml(v)}</div></div>`).join('')}</div>`);
}

function renderViews(views: View[], origin: number): string {
  if (views.length === 0) return section('Views', '<p class="muted">No views.</p>');
  const rows = views
    .map(
      (view) => `<tr><td class="num">${relative(view.startTime, origin)}</td><td>${view.kind}</td><td>${escapeHtml(view.navigationType)}</td>
<td class="url">${escapeHtml(view.url)}</td><td>${escapeHtml(view.strategies.join(', ') || '—')}</td></tr>`,
    )
    .join('\n');
  return section(
    'Views',
    `<table><thead><tr><th class="num">At</th><th>Kind</th><th>Navigation</th><th>URL</th><th>Optimizations on</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function renderHeap(points: HeapPoint[], origin: number, support: BrowserSupport | undefined): string {
  if (points.length < 2 && !isMeasured(support, 'heap')) return section('JS heap', `<p class="muted">${notMeasuredReason('heap')}.</p>`);
  if (points.length < 2) return section('JS heap', '<p class="muted">Not enough memory samples (the browser may not expose the heap size).</p>');
  return section('JS heap', lineChartSvg(points, origin));
}

/** A line chart of heap bytes over time, as inline SVG with its own axis labels. */
function lineChartSvg(points: HeapPoint[], origin: number): string {
  const width = 760;
  const height = 220;
  const pad = { left: 70, right: 12, top: 12, bottom: 28 };
  const t0 = points[0]?.t ?? 0;
  const t1 = points[points.length - 1]?.t ?? t0 + 1;
  const maxHeap = Math.max(1, ...points.map((p) => p.heap));
  const x = (t: number) => pad.left + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / maxHeap) * (height - pad.top - pad.bottom);
  const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.heap).toFixed(1)}`).join(' ');
  const yTicks = [0, 0.5, 1].map((f) => {
    const value = maxHeap * f;
    return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" class="grid"/><text x="${pad.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(formatBytes(value))}</text>`;
  });
  const xTicks = [0, 0.5, 1].map((f) => {
    const t = t0 + (t1 - t0) * f;
    const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
    return `<text x="${x(t).toFixed(1)}" y="${height - 8}" text-anchor="${anchor}">${relative(t, origin)}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="JS heap used over time, peak ${escapeHtml(formatBytes(maxHeap))}">
${yTicks.join('\n')}
${xTicks.join('\n')}
<polyline points="${line}" class="heap"/>
</svg>`;
}

function renderLongFrames(frames: LongFrameSample[], summary: SessionSummary, origin: number, support: BrowserSupport | undefined): string {
  if (frames.length === 0 && !isMeasured(support, 'longFrames')) return section('Long animation frames', `<p class="muted">${notMeasuredReason('longFrames')}.</p>`);
  const intro = `<p>${summary.longFrames.toLocaleString('en-US')} long frames, ${escapeHtml(formatMs(summary.longFrameMs))} in total, ${escapeHtml(formatMs(summary.blockingMs))} blocking.</p>`;
  if (frames.length === 0) return section('Long animation frames', intro);
  const rows = frames
    .map((frame) => {
      const top = [...frame.scripts].sort((a, b) => b.duration - a.duration)[0];
      const script = top ? `${top.invoker || top.invokerType} ${top.sourceURL}`.trim() : '—';
      return `<tr><td class="num">${relative(frame.t, origin)}</td><td class="num">${escapeHtml(formatMs(frame.duration))}</td><td class="num">${escapeHtml(formatMs(frame.blockingDuration))}</td><td class="url">${escapeHtml(script)}</td></tr>`;
    })
    .join('\n');
  return section(
    'Long animation frames',
    `${intro}<table><thead><tr><th class="num">At</th><th class="num">Duration</th><th class="num">Blocking</th><th>Longest script</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function renderRequests(title: string, requests: RequestRecord[], origin: number): string {
  if (requests.length === 0) return section(title, '<p class="muted">No requests.</p>');
  const rows = requests
    .map(
      (r) => `<tr><td class="num">${relative(r.t, origin)}</td><td>${escapeHtml(r.method ?? '')}</td><td class="url">${escapeHtml(r.url)}<small>${escapeHtml(routeTemplate(r.url))}</small></td>
<td>${escapeHtml(r.initiatorType)}</td><td class="num">${r.status || '—'}</td><td class="num">${escapeHtml(formatMs(r.duration))}</td><td class="num">${escapeHtml(formatBytes(r.transferSize))}</td></tr>`,
    )
    .join('\n');
  return section(
    title,
    `<table><thead><tr><th class="num">At</th><th>Method</th><th>URL</th><th>Type</th><th class="num">Status</th><th class="num">Duration</th><th class="num">Transferred</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function renderAlerts(alerts: AlertRecord[], total: number, origin: number): string {
  if (total === 0) return section('Alerts', '<p class="muted">No alerts.</p>');
  const rows = alerts
    .map(
      (a) =>
        `<tr><td class="num">${relative(a.t, origin)}</td><td><span class="badge ${a.severity === 'critical' ? 'poor' : 'needs-improvement'}">${a.severity}</span></td><td>${escapeHtml(a.metric)}</td><td>${escapeHtml(a.message)}</td><td>${a.clearedAt == null ? 'open' : `cleared at ${relative(a.clearedAt, origin)}`}</td></tr>`,
    )
    .join('\n');
  const more = total > alerts.length ? `<p class="muted">and ${(total - alerts.length).toLocaleString('en-US')} more.</p>` : '';
  return section('Alerts', `<table><thead><tr><th class="num">At</th><th>Severity</th><th>Metric</th><th>Message</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>${more}`);
}

const ACTION_WORDS: Readonly<Record<AutomaticActionRecord['status'], string>> = {
  measuring: 'switched on, measuring',
  kept: 'kept',
  reverted: 'switched off again (it made things worse)',
  undone: 'undone by the user',
};

function renderActions(actions: AutomaticActionRecord[], origin: number): string {
  if (actions.length === 0) return '';
  const rows = actions
    .map(
      (a) =>
        `<tr><td class="num">${relative(a.t, origin)}</td><td>${escapeHtml(a.strategyId)} on ${escapeHtml(a.pattern)}</td><td>${escapeHtml(a.reason)}</td><td>${escapeHtml(ACTION_WORDS[a.status])}</td><td>${escapeHtml(a.evidence ? `${a.evidence.summary} (${a.evidence.loadsBefore} loads before, ${a.evidence.loadsAfter} after; ${a.evidence.method})` : '')}</td></tr>`,
    )
    .join('\n');
  return section('Automatic actions', `<table><thead><tr><th class="num">At</th><th>What</th><th>Why</th><th>Outcome</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>`);
}

function renderFooter({ sanitizer, generatedAt }: ReportData): string {
  const privacy = sanitizer.active
    ? `Sanitized: removed ${escapeHtml(describeRemoved(sanitizer.removed))}.`
    : 'Full export: not sanitized; it may contain cookies, tokens and other secrets.';
  return `<p>${escapeHtml(CREATOR.name)} ${escapeHtml(CREATOR.version)} · generated ${isoTime(generatedAt)} · ${privacy}</p>`;
}

function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/** "+1 min 5 s" from the session start. */
function relative(t: number, origin: number): string {
  return `+${escapeHtml(formatDuration(t - origin))}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REPORT_CSS = `
:root { color-scheme: light; --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --good:#0a7f3f; --ni:#b35900; --poor:#c62828; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 12px; word-break: break-word; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 4px 16px; margin: 0; }
.facts dt { color: var(--muted); font-size: 12px; } .facts dd { margin: 0; word-break: break-all; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th small, td small { display: block; color: var(--muted); font-weight: normal; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.url { word-break: break-all; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; color: #fff; font-weight: 600; }
.badge.good { background: var(--good); } .badge.needs-improvement { background: var(--ni); } .badge.poor { background: var(--poor); }
.rating { color: var(--muted); font-size: 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card .k { color: var(--muted); font-size: 12px; } .card .v { font-size: 18px; font-weight: 600; }
.chart { width: 100%; height: auto; font-size: 11px; fill: var(--muted); }
.chart .grid { stroke: var(--line); stroke-width: 1; } .chart .heap { fill: none; stroke: #0969da; stroke-width: 1.5; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  section { break-inside: avoid-page; } table { break-inside: auto; } tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 14mm; }
}
`;
