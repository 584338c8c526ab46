/**
 * The alert lifecycle as pure state in, state out:
 *   evaluate(previous, views, budgets) -> { state, opened, cleared }.
 * The state holds, per rule and page, the ids of the views already evaluated, the last values
 * the trigger needs and the open alert. Evaluating the same views again changes nothing and
 * fires nothing; views that arrive late (after a service-worker restart) are evaluated once,
 * whenever they come. The caller stores the state next to the alerts it produced.
 */
import type { AlertRecord } from '../model';
import { mannWhitneyU, median, p75, percentChange } from '../stats';
import { measureView, metricDimension, metricShortName, type ViewData } from './metrics';
import { describeTrigger, rulesForUrl, windowSize, type AlertRule, type Budget, type Comparison } from './rules';
import { pageKeyOf } from './scope';
import { formatValue, toBaseUnit } from './units';

/** The version of {@link AlertState}; a state of another version starts afresh. */
export const ALERT_STATE_VERSION = 1;

/** Most view ids remembered per rule and page (older ones are covered by `evaluatedUntil`). */
export const MAX_REMEMBERED_VIEWS = 500;

/** One measured view in a rule's window. */
export interface WindowEntry {
  viewId: string;
  /** Epoch ms of the view's start. */
  t: number;
  url: string;
  /** In the metric's base unit. */
  value: number;
}

/** The open alert of a stream, enough to clear it later. */
export interface OpenAlert {
  id: string;
  sessionId: string;
  severity: AlertRecord['severity'];
  t: number;
}

/** What the engine remembers about one rule on one page. */
export interface StreamState {
  ruleId: string;
  pageKey: string;
  /** The rule's settings when the window was last judged; a change re-judges it. */
  fingerprint: string;
  /** Evaluated views as [id, start time], oldest first (bounded by {@link MAX_REMEMBERED_VIEWS}). */
  evaluated: [string, number][];
  /** Start time of the newest view id dropped from `evaluated`: views up to it count as evaluated. */
  evaluatedUntil: number | null;
  /** The last views that measured the metric, oldest first, as many as the trigger needs. */
  history: WindowEntry[];
  /** Views that measured the metric since the stream began. */
  measured: number;
  open: OpenAlert | null;
  /** Consecutive views without the breach while the alert is open. */
  calm: number;
}

/** Everything the engine carries from one evaluation to the next. */
export interface AlertState {
  version: typeof ALERT_STATE_VERSION;
  /** By {@link streamKey}. */
  streams: Record<string, StreamState>;
}

/** Why an alert cleared. */
export type ClearReason = 'recovered' | 'rule-changed' | 'rule-removed' | 'muted';

/** An alert that opened in this evaluation. */
export interface OpenedAlert {
  /** The session of the view that breached: where the alert is stored. */
  sessionId: string;
  alert: AlertRecord;
  rule: AlertRule;
}

/** An alert that cleared in this evaluation. */
export interface ClearedAlert {
  id: string;
  ruleId: string;
  sessionId: string;
  /** Epoch ms: the start of the view that cleared it, or `now` for a changed or removed rule. */
  clearedAt: number;
  clearedViewId: string | null;
  reason: ClearReason;
}

/** What one evaluation produced. */
export interface EvaluationResult {
  state: AlertState;
  opened: OpenedAlert[];
  cleared: ClearedAlert[];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Epoch ms, for alerts cleared by a rule change (default: the newest view's start or 0). */
  now?: number;
  /** Views of stored sessions, by session id, for regression rules with a session baseline. */
  baselines?: Readonly<Record<string, readonly ViewData[]>>;
  /** A rule muted on a page never opens there (and its open alert clears). */
  isMuted?: (ruleId: string, pageKey: string) => boolean;
}

export function emptyAlertState(): AlertState {
  return { version: ALERT_STATE_VERSION, streams: {} };
}

/** The key of a rule on a page in {@link AlertState.streams}. */
export function streamKey(ruleId: string, pageKey: string): string {
  return `${ruleId}\u0000${pageKey}`;
}

/** Evaluates views (settled ones: see {@link settledViews}) against the budgets. */
export function evaluate(previous: AlertState | null | undefined, views: readonly ViewData[], budgets: readonly Budget[], options: EvaluateOptions = {}): EvaluationResult {
  const state = cloneState(previous);
  const opened: OpenedAlert[] = [];
  const cleared: ClearedAlert[] = [];
  const ordered = [...views].sort((a, b) => a.view.startTime - b.view.startTime || a.view.id.localeCompare(b.view.id));
  const now = options.now ?? ordered[ordered.length - 1]?.view.startTime ?? 0;

  rejudgeChangedRules(state, budgets, options, now, cleared);

  for (const data of ordered) {
    const pageKey = pageKeyOf(data.view.url);
    for (const rule of rulesForUrl(budgets, data.view.url)) {
      const key = streamKey(rule.id, pageKey);
      const stream = (state.streams[key] ??= newStream(rule, pageKey));
      if (alreadyEvaluated(stream, data.view.id, data.view.startTime)) continue;
      remember(stream, data.view.id, data.view.startTime);
      const value = measureView(data, rule.metric);
      if (value === null || !Number.isFinite(value)) continue;
      stream.history.push({ viewId: data.view.id, t: data.view.startTime, url: data.view.url, value });
      stream.history.splice(0, Math.max(0, stream.history.length - windowSize(rule)));
      stream.measured++;

      if (options.isMuted?.(rule.id, pageKey)) {
        if (stream.open) cleared.push(clearStream(stream, data.view.startTime, data.view.id, 'muted'));
        continue;
      }
      const judged = judge(rule, stream, options);
      if (judged === null) continue;
      if (judged.breach && !stream.open) {
        const alert = alertRecord(rule, stream, data, judged);
        stream.open = { id: alert.id, sessionId: data.view.sessionId, severity: rule.severity, t: alert.t };
        stream.calm = 0;
        opened.push({ sessionId: data.view.sessionId, alert, rule });
      } else if (stream.open && judged.breach) {
        stream.calm = 0;
      } else if (stream.open) {
        stream.calm++;
        if (stream.calm >= rule.clearAfter) cleared.push(clearStream(stream, data.view.startTime, data.view.id, 'recovered'));
      }
    }
  }
  return { state, opened, cleared };
}

/** The outcome of a trigger on a window: whether it breaches, the value it judged, the threshold. */
export interface Judgement {
  breach: boolean;
  /** Base unit. */
  value: number;
  /** Base unit: the threshold, or for a regression the baseline median plus the least difference. */
  threshold: number;
  /** How the trigger saw it, for the alert's message. */
  detail: string;
}

/**
 * The trigger's verdict on the stream's window; null while the page has fewer measured views
 * than the rule needs.
 */
export function judge(rule: AlertRule, stream: Pick<StreamState, 'history' | 'measured' | 'pageKey'>, options: Pick<EvaluateOptions, 'baselines'> = {}): Judgement | null {
  if (stream.measured < Math.max(1, rule.minViews) || stream.history.length === 0) return null;
  const threshold = toBaseUnit(rule.threshold.value, rule.threshold.unit);
  const values = stream.history.map((entry) => entry.value);
  const trigger = rule.trigger;
  switch (trigger.kind) {
    case 'single': {
      const value = values[values.length - 1]!;
      return { breach: breaches(value, rule.comparison, threshold), value, threshold, detail: 'this view' };
    }
    case 'p75': {
      const recent = values.slice(-trigger.views);
      const value = p75(recent)!;
      return { breach: breaches(value, rule.comparison, threshold), value, threshold, detail: `p75 of the last ${recent.length} views` };
    }
    case 'consistently': {
      const recent = values.slice(-trigger.views);
      if (recent.length < trigger.breaches) return null;
      const count = recent.filter((value) => breaches(value, rule.comparison, threshold)).length;
      return { breach: count >= trigger.breaches, value: values[values.length - 1]!, threshold, detail: `${count} of the last ${recent.length} views` };
    }
    case 'baseline':
      return judgeRegression(rule, trigger, values, threshold, stream.pageKey, options);
  }
}

/** Regressions need at least this many views on each side before the test can speak. */
export const MIN_REGRESSION_SAMPLE = 3;

function judgeRegression(
  rule: AlertRule,
  trigger: Extract<AlertRule['trigger'], { kind: 'baseline' }>,
  values: readonly number[],
  minDifference: number,
  pageKey: string,
  options: Pick<EvaluateOptions, 'baselines'>,
): Judgement | null {
  if (values.length < trigger.views) return null;
  const recent = values.slice(-trigger.views);
  const baseline =
    trigger.baseline.source === 'earlier'
      ? values.slice(0, -trigger.views).slice(-trigger.baseline.views)
      : (options.baselines?.[trigger.baseline.sessionId] ?? [])
          .filter((data) => pageKeyOf(data.view.url) === pageKey)
          .map((data) => measureView(data, rule.metric))
          .filter((value): value is number => value !== null && Number.isFinite(value));
  if (recent.length < MIN_REGRESSION_SAMPLE || baseline.length < MIN_REGRESSION_SAMPLE) return null;
  const recentMedian = median(recent)!;
  const baselineMedian = median(baseline)!;
  const test = mannWhitneyU(recent, baseline);
  const change = percentChange(baselineMedian, recentMedian);
  const worse = test.pValue < trigger.alpha && test.probabilityAGreater > 0.5;
  const farEnough = recentMedian - baselineMedian >= minDifference && (trigger.minPercent === undefined || (change !== null && change >= trigger.minPercent));
  const dimension = metricDimension(rule.metric);
  return {
    breach: worse && farEnough,
    value: recentMedian,
    threshold: baselineMedian + minDifference,
    detail: `median of the last ${recent.length} views vs ${formatValue(baselineMedian, dimension)} in ${baseline.length} baseline views (${change === null ? 'n/a' : `${change >= 0 ? '+' : ''}${Math.round(change)}%`}, p = ${test.pValue < 0.001 ? '< 0.001' : test.pValue.toFixed(3)})`,
  };
}

export function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

function alertRecord(rule: AlertRule, stream: StreamState, data: ViewData, judged: Judgement): AlertRecord {
  const dimension = metricDimension(rule.metric);
  const name = metricShortName(rule.metric);
  const condition = rule.trigger.kind === 'baseline' ? `slower than baseline, ${judged.detail}` : `${formatValue(judged.value, dimension)} ${rule.comparison} ${formatValue(judged.threshold, dimension)}, ${judged.detail}`;
  return {
    kind: 'alert',
    id: `${rule.id}|${stream.pageKey}|${data.view.id}`,
    viewId: data.view.id,
    t: data.view.startTime,
    ruleId: rule.id,
    metric: name,
    value: judged.value,
    threshold: judged.threshold,
    severity: rule.severity,
    message: `${name} ${condition} (${describeTrigger(rule.trigger)})`,
    url: data.view.url,
    unit: BASE_UNIT_NAMES[dimension],
    pageKey: stream.pageKey,
    clearedAt: null,
    clearedViewId: null,
  };
}

const BASE_UNIT_NAMES = { time: 'ms', size: 'B', count: 'count', score: 'unitless' } as const;

function rejudgeChangedRules(state: AlertState, budgets: readonly Budget[], options: EvaluateOptions, now: number, cleared: ClearedAlert[]): void {
  for (const stream of Object.values(state.streams)) {
    const url = stream.history[stream.history.length - 1]?.url ?? stream.pageKey;
    const rule = rulesForUrl(budgets, url).find((candidate) => candidate.id === stream.ruleId);
    if (!rule) {
      if (stream.open) cleared.push(clearStream(stream, now, null, 'rule-removed'));
      continue;
    }
    if (stream.open && options.isMuted?.(rule.id, stream.pageKey)) {
      cleared.push(clearStream(stream, now, null, 'muted'));
      continue;
    }
    const fingerprint = fingerprintOf(rule);
    if (fingerprint === stream.fingerprint) continue;
    stream.fingerprint = fingerprint;
    stream.history.splice(0, Math.max(0, stream.history.length - windowSize(rule)));
    if (!stream.open) continue;
    const judged = judge(rule, stream, options);
    if (!judged?.breach) cleared.push(clearStream(stream, now, null, 'rule-changed'));
  }
}

function clearStream(stream: StreamState, clearedAt: number, clearedViewId: string | null, reason: ClearReason): ClearedAlert {
  const open = stream.open!;
  stream.open = null;
  stream.calm = 0;
  return { id: open.id, ruleId: stream.ruleId, sessionId: open.sessionId, clearedAt, clearedViewId, reason };
}

function newStream(rule: AlertRule, pageKey: string): StreamState {
  return { ruleId: rule.id, pageKey, fingerprint: fingerprintOf(rule), evaluated: [], evaluatedUntil: null, history: [], measured: 0, open: null, calm: 0 };
}

function fingerprintOf(rule: AlertRule): string {
  return JSON.stringify([rule.metric, rule.comparison, rule.threshold, rule.severity, rule.trigger, rule.minViews, rule.clearAfter]);
}

function alreadyEvaluated(stream: StreamState, viewId: string, t: number): boolean {
  return stream.evaluated.some(([id]) => id === viewId) || (stream.evaluatedUntil !== null && t <= stream.evaluatedUntil);
}

function remember(stream: StreamState, viewId: string, t: number): void {
  stream.evaluated.push([viewId, t]);
  while (stream.evaluated.length > MAX_REMEMBERED_VIEWS) {
    const [, droppedT] = stream.evaluated.shift()!;
    stream.evaluatedUntil = Math.max(stream.evaluatedUntil ?? droppedT, droppedT);
  }
}

function cloneState(previous: AlertState | null | undefined): AlertState {
  if (!previous || previous.version !== ALERT_STATE_VERSION) return emptyAlertState();
  return structuredCloneJson(previous);
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------------------------

/** Options of {@link settledViews}. */
export interface SettleOptions {
  /** Epoch ms now. */
  now: number;
  /** A view with no later view is settled this long after it started (default 10 s). */
  settleMs?: number;
  /** The session ended: every view is settled. */
  ended?: boolean;
}

/** Default time after which the newest view of a running session is judged. */
export const DEFAULT_SETTLE_MS = 10_000;

/**
 * The views whose metrics are final enough to judge: every view followed by another one, and
 * the newest once the session ended or `settleMs` passed since it started.
 */
export function settledViews(views: readonly ViewData[], options: SettleOptions): ViewData[] {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const newest = new Map<string, ViewData>();
  for (const data of views) {
    const current = newest.get(data.view.sessionId);
    if (!current || data.view.startTime > current.view.startTime) newest.set(data.view.sessionId, data);
  }
  return views.filter((data) => newest.get(data.view.sessionId) !== data || options.ended === true || options.now - data.view.startTime >= settleMs);
}
