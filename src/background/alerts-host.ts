/**
 * Alerts in the background: evaluates the budgets as batches commit (panel open or not),
 * stores alerts with their session, keeps the toolbar badge of each tab, optionally notifies,
 * and runs automated optimization triggers. Every evaluation is idempotent (the engine's state
 * remembers which views it judged) and committed in one transaction, so a service-worker stop
 * between a breach and its evaluation only delays it.
 */
import browser from 'webextension-polyfill';
import {
  BUDGET_FILE_FORMAT_NAMES,
  evaluate,
  exportBudgetFile,
  pageKeyOf,
  parseBudgetFile,
  proofMetricOf,
  reviewAutomaticAction,
  settledViews,
  startAutomaticAction,
  undoAutomaticAction,
  validateBudget,
  viewsOfSession,
  type AlertRule,
  type Budget,
  type ViewData,
} from '../core/alerts';
import type { AlertRecord, AutomaticActionRecord, SessionData } from '../core/model';
import { pageLoadsFromSession, type ProofMetric } from '../core/optimizer/proof';
import { isStrategyId } from '../core/optimizer/catalogue';
import { STRATEGIES } from '../core/optimizer/registry';
import {
  ALERT_BUDGETS_KEY,
  ALERT_MUTES_KEY,
  ALERT_NOTIFICATIONS_KEY,
  muteKey,
  readMutes,
  readNotificationSettings,
  readStoredBudgets,
  type StoredBudgets,
} from '../shared/alert-settings';
import type { AlertsRequests, AlertsView } from '../shared/protocol-alerts';
import { AlertStore } from '../storage/alert-store';
import { sessionRange, type Database } from '../storage/db';
import type { SessionStore } from '../storage/session-store';
import type { HandlerMap } from './handlers';
import type { TabState } from './tab-state';

/** How the alerts host switches optimizer strategies for a URL pattern (the optimizer host owns the settings). */
export interface OptimizerSwitches {
  /** The pattern that governs url (an existing one, or the page's own). */
  patternFor(url: string): Promise<string>;
  strategiesOn(pattern: string): Promise<string[]>;
  /** Stores the strategies switched on for pattern (params from the captured session). */
  set(pattern: string, strategies: string[], data: SessionData | null, url: string): Promise<void>;
}

/** What the alerts host needs from the rest of the worker. */
export interface AlertsHostOptions {
  db: Promise<Database>;
  store: Promise<SessionStore>;
  optimizer: OptimizerSwitches;
  tabState: TabState;
  /** Tells the panels of a tab that its alerts changed. */
  notifyPanels(tabId: number): void;
  now?: () => number;
  /** Debounce of evaluations after commits, ms (default 400). */
  debounceMs?: number;
}

/** At most one desktop notification per this many ms. */
export const NOTIFICATION_INTERVAL_MS = 60_000;

/** The badge of a tab: the worst severity's shape and colour, so it is not told by colour alone. */
export const BADGE = {
  critical: { symbol: '■', color: '#c5221f', word: 'critical' },
  warning: { symbol: '▲', color: '#b06000', word: 'warning' },
} as const;

/** storage.session key: the tabs whose toolbar badge shows alerts. */
const BADGED_TABS_KEY = 'alerts:badged-tabs';

export class AlertsHost {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** What each tab's badge shows (text and title), as last written by this worker run. */
  private readonly badges = new Map<number, string>();
  private badged: Promise<Set<number>> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private lastNotification = 0;
  private readonly now: () => number;
  private readonly alertStore: Promise<AlertStore>;

  constructor(private readonly options: AlertsHostOptions) {
    this.now = options.now ?? Date.now;
    this.alertStore = options.db.then((db) => new AlertStore(db));
  }

  /** A batch of the session was committed: evaluate it soon (debounced). */
  afterCommit(tabId: number, sessionId: string): void {
    const existing = this.timers.get(sessionId);
    if (existing) clearTimeout(existing);
    this.timers.set(
      sessionId,
      setTimeout(() => {
        this.timers.delete(sessionId);
        void this.serialized(() => this.evaluateSession(tabId, sessionId));
      }, this.options.debounceMs ?? 400),
    );
  }

  /** After a worker start: evaluate what recording sessions may hold unjudged. */
  async resume(): Promise<void> {
    for (const sessionId of await this.options.tabState.recordingSessions()) {
      const session = await (await this.options.store).getSession(sessionId);
      if (session) await this.serialized(() => this.evaluateSession(session.tabId, sessionId));
    }
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch((error: unknown) => console.error('[Admin Performance] alert evaluation failed:', error));
    return next;
  }

  /** Judges the session's settled views not judged before, runs automatic actions, refreshes the badge. */
  async evaluateSession(tabId: number, sessionId: string): Promise<void> {
    const [db, store, alertStore, budgets] = await Promise.all([this.options.db, this.options.store, this.alertStore, loadBudgets()]);
    const session = await store.getSession(sessionId);
    if (!session) return;
    const engine = await alertStore.readEngine();
    const views = await db.getAllFromIndex('views', 'by-session', sessionRange(sessionId));
    const now = this.now();
    const settled = settledViews(
      views.map((view): ViewData => ({ view, samples: [], requests: [] })),
      { now, ended: session.endTime !== null },
    );
    const judged = new Set(engine.evaluated[sessionId] ?? []);
    const fresh = settled.filter((data) => !judged.has(data.view.id));
    if (fresh.length === 0 && engine.budgetsRevision === budgets.revision) {
      await this.refreshBadge(tabId);
      return;
    }
    const data = fresh.length > 0 ? await store.loadSession(sessionId) : null;
    const freshIds = new Set(fresh.map((item) => item.view.id));
    const toJudge = data ? viewsOfSession(data).filter((item) => freshIds.has(item.view.id)) : [];
    const mutes = await loadMutes();
    const result = evaluate(engine.state, toJudge, budgets.budgets, {
      now,
      isMuted: (ruleId, pageKey) => mutes.has(muteKey(ruleId, pageKey)),
      baselines: await this.baselinesFor(budgets.budgets),
    });

    const actions: { sessionId: string; action: AutomaticActionRecord }[] = [];
    const switches: (() => Promise<void>)[] = [];
    for (const opened of result.opened) {
      if (!opened.rule.action || !isStrategyId(opened.rule.action.strategyId)) continue;
      const pattern = await this.options.optimizer.patternFor(opened.alert.url ?? opened.alert.pageKey ?? '');
      const on = await this.options.optimizer.strategiesOn(pattern);
      const action = startAutomaticAction(opened, pattern, on, now);
      if (!action) continue;
      actions.push({ sessionId: opened.sessionId, action });
      switches.push(() => this.options.optimizer.set(pattern, [...on, action.strategyId], data, opened.alert.url ?? pattern));
    }
    const settledIds = new Set(settled.map((item) => item.view.id));
    if (data) actions.push(...(await this.reviewActions(data, settledIds, budgets.budgets, now, switches)));

    await alertStore.commit({
      engine: { id: 'engine', state: result.state, evaluated: { ...engine.evaluated, [sessionId]: [...judged, ...freshIds] }, budgetsRevision: budgets.revision },
      opened: result.opened,
      cleared: result.cleared,
      actions,
    });
    // Strategies switch after the commit: a stop in between leaves a recorded action whose
    // switch the next review sees missing (no loads after it), never a switch without a record.
    for (const apply of switches) await apply();
    // "After" loads count from the moment the switch is stored: a load that started while the
    // record was being written read the old settings, even if its view is labelled with the new.
    const switchedAt = this.now();
    for (const { sessionId: owner, action } of actions) {
      if (action.status === 'measuring' && action.t === now) await alertStore.putAction(owner, { ...action, t: switchedAt });
    }
    if (result.opened.length > 0) await this.notify(result.opened.map((item) => item.alert));
    await this.refreshBadges(tabId);
    if (result.opened.length || result.cleared.length || actions.length) this.notifyAll(tabId);
  }

  /** Reviews the measuring actions whose pattern this session's loads cover. */
  private async reviewActions(
    data: SessionData,
    settledIds: ReadonlySet<string>,
    budgets: readonly Budget[],
    now: number,
    switches: (() => Promise<void>)[],
  ): Promise<{ sessionId: string; action: AutomaticActionRecord }[]> {
    const alertStore = await this.alertStore;
    const measuring = (await alertStore.allActions()).filter((action) => action.status === 'measuring');
    if (measuring.length === 0) return [];
    // Only finished loads: the one just starting has not measured anything yet.
    const loads = pageLoadsFromSession(data).filter((load) => settledIds.has(load.viewId));
    const out: { sessionId: string; action: AutomaticActionRecord }[] = [];
    for (const stored of measuring) {
      const { sessionId, ...action } = stored;
      const rule = budgets.flatMap((budget) => budget.rules).find((candidate) => candidate.id === action.ruleId);
      const review = reviewAutomaticAction(action, loads, decisiveMetrics(rule, action.strategyId), now);
      if (review.decision === 'wait') continue;
      out.push({ sessionId, action: review.action });
      if (review.decision === 'revert') {
        switches.push(async () => {
          const on = await this.options.optimizer.strategiesOn(action.pattern);
          await this.options.optimizer.set(action.pattern, on.filter((id) => id !== action.strategyId), data, action.pattern);
        });
      }
    }
    return out;
  }

  private async baselinesFor(budgets: readonly Budget[]): Promise<Record<string, ViewData[]>> {
    const ids = new Set<string>();
    for (const budget of budgets) for (const rule of budget.rules) if (rule.trigger.kind === 'baseline' && rule.trigger.baseline.source === 'session') ids.add(rule.trigger.baseline.sessionId);
    const out: Record<string, ViewData[]> = {};
    const store = await this.options.store;
    for (const id of ids) {
      const data = await store.loadSession(id);
      if (data) out[id] = viewsOfSession(data);
    }
    return out;
  }

  /** Re-judges open alerts after budgets or mutes changed (no new views needed). */
  async rejudge(tabId: number): Promise<void> {
    await this.serialized(async () => {
      const [alertStore, budgets, mutes] = await Promise.all([this.alertStore, loadBudgets(), loadMutes()]);
      const engine = await alertStore.readEngine();
      const result = evaluate(engine.state, [], budgets.budgets, { now: this.now(), isMuted: (ruleId, pageKey) => mutes.has(muteKey(ruleId, pageKey)) });
      await alertStore.commit({ engine: { ...engine, state: result.state, budgetsRevision: budgets.revision }, opened: [], cleared: result.cleared, actions: [] });
    });
    // Views judged under the old budgets stay judged; the next views are judged by the new ones.
    await this.refreshBadges(tabId);
    this.notifyAll(tabId);
  }

  /** The open alerts counted for a tab: those of its session, and those of the page it shows. */
  async openAlertsOfTab(tabId: number): Promise<AlertRecord[]> {
    const alertStore = await this.alertStore;
    const [engine, sessionId] = await Promise.all([alertStore.readEngine(), this.options.tabState.activeSession(tabId)]);
    const pageUrl = await this.pageUrlOfTab(tabId, sessionId);
    const pageKey = pageUrl ? pageKeyOf(pageUrl) : null;
    const ids = Object.values(engine.state.streams)
      .filter((stream) => stream.open && (stream.open.sessionId === sessionId || stream.pageKey === pageKey))
      .map((stream) => stream.open!.id);
    return alertStore.getAlerts(ids);
  }

  /**
   * The page a tab shows: the latest view of the session it records, else what the tabs API says.
   * (Asking the tabs API after every evaluation kept Firefox's idle event page from unloading.)
   */
  private async pageUrlOfTab(tabId: number, sessionId: string | null): Promise<string | null> {
    if (sessionId) {
      const db = await this.options.db;
      const latest = await db.transaction('views').store.index('by-session').openCursor(sessionRange(sessionId), 'prev');
      if (latest) return latest.value.url;
    }
    return (await browser.tabs.get(tabId).catch(() => undefined))?.url ?? null;
  }

  async refreshBadge(tabId: number): Promise<void> {
    const open = (await this.openAlertsOfTab(tabId)).filter((alert) => alert.acknowledgedAt == null);
    const critical = open.filter((alert) => alert.severity === 'critical').length;
    const worst = critical > 0 ? BADGE.critical : open.length > 0 ? BADGE.warning : null;
    const text = worst ? `${worst.symbol}${open.length}` : '';
    const title = worst ? `Admin Performance: ${open.length} open alert${open.length === 1 ? '' : 's'} (${critical} critical ${BADGE.critical.symbol}, ${open.length - critical} warning ${BADGE.warning.symbol})` : 'Admin Performance';
    // Unchanged badges are not written again: every evaluation would otherwise call the action
    // API for every tab, which also kept Firefox's idle event page from ever unloading.
    const shown = `${text}\n${title}`;
    if (this.badges.get(tabId) === shown) return;
    // A tab that never had a badge from us needs no clearing (the set survives worker restarts in
    // storage.session, so a badge shown before a restart is still cleared after it).
    const badged = await this.badgedTabs();
    if (!text && !badged.has(tabId)) return;
    try {
      await browser.action.setBadgeText({ tabId, text });
      if (worst) await browser.action.setBadgeBackgroundColor({ tabId, color: worst.color });
      await browser.action.setTitle({ tabId, title });
      this.badges.set(tabId, shown);
      if (text ? !badged.has(tabId) : badged.has(tabId)) {
        if (text) badged.add(tabId);
        else badged.delete(tabId);
        await browser.storage.session.set({ [BADGED_TABS_KEY]: [...badged] });
      }
    } catch {
      this.badges.delete(tabId); // the tab closed
    }
  }

  /** The tabs whose badge this extension set to something, across worker restarts. */
  private badgedTabs(): Promise<Set<number>> {
    this.badged ??= browser.storage.session
      .get(BADGED_TABS_KEY)
      .then((stored) => new Set(Array.isArray(stored[BADGED_TABS_KEY]) ? (stored[BADGED_TABS_KEY] as unknown[]).filter((id): id is number => typeof id === 'number') : []))
      .catch(() => new Set<number>());
    return this.badged;
  }

  private async refreshBadges(tabId: number): Promise<void> {
    const tabs = new Set([tabId, ...(await browser.tabs.query({})).map((tab) => tab.id).filter((id): id is number => id !== undefined)]);
    for (const id of tabs) await this.refreshBadge(id);
  }

  private notifyAll(tabId: number): void {
    this.options.notifyPanels(tabId);
  }

  private async notify(alerts: readonly AlertRecord[]): Promise<void> {
    const settings = readNotificationSettings((await browser.storage.local.get(ALERT_NOTIFICATIONS_KEY))[ALERT_NOTIFICATIONS_KEY]);
    if (!settings.enabled || !browser.notifications) return;
    const now = this.now();
    if (now - this.lastNotification < NOTIFICATION_INTERVAL_MS) return;
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    this.lastNotification = now;
    const worst = alerts.find((alert) => alert.severity === 'critical') ?? alerts[0]!;
    await browser.notifications.create(`ap-alert-${worst.id}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon128.png'),
      title: `Admin Performance: ${worst.severity} alert${alerts.length > 1 ? ` (+${alerts.length - 1} more)` : ''}`,
      message: worst.message,
    });
  }

  /** The Alerts view of a tab. */
  async view(tabId: number): Promise<AlertsView> {
    const [alertStore, budgets, mutes, sessionId, tab, notifications] = await Promise.all([
      this.alertStore,
      loadBudgets(),
      loadMutes(),
      this.options.tabState.activeSession(tabId),
      browser.tabs.get(tabId).catch(() => undefined),
      browser.storage.local.get(ALERT_NOTIFICATIONS_KEY),
    ]);
    const store = await this.options.store;
    const session = sessionId ? await store.getSession(sessionId) : await store.latestSessionOfTab(tabId);
    const pageUrl = tab?.url ?? session?.url ?? '';
    const pageKey = pageKeyOf(pageUrl);
    const own = session ? await alertStore.alertsOfSession(session.id) : [];
    const open = await this.openAlertsOfTab(tabId);
    const byId = new Map([...own, ...open].map((alert) => [alert.id, alert]));
    const alerts = [...byId.values()].sort((a, b) => b.t - a.t || b.id.localeCompare(a.id));
    const actions = (await alertStore.allActions())
      .filter((action) => action.sessionId === session?.id || pageKeyOf(action.pattern) === pageKey || byId.has(action.alertId))
      .map(({ sessionId: _sessionId, ...action }) => action)
      .sort((a, b) => b.t - a.t);
    const unacknowledged = open.filter((alert) => alert.acknowledgedAt == null);
    return {
      pageUrl,
      pageKey,
      alerts,
      actions,
      budgets: budgets.budgets,
      mutedRuleIds: [...mutes].filter((key) => key.endsWith(`\u0000${pageKey}`)).map((key) => key.slice(0, key.indexOf('\u0000'))),
      notifications: readNotificationSettings(notifications[ALERT_NOTIFICATIONS_KEY]),
      open: { critical: unacknowledged.filter((alert) => alert.severity === 'critical').length, warning: unacknowledged.filter((alert) => alert.severity === 'warning').length },
    };
  }

  handlers(): HandlerMap<keyof AlertsRequests> {
    const changeBudgets = async (tabId: number, change: (budgets: Budget[]) => Budget[]) => {
      const current = await loadBudgets();
      await saveBudgets({ revision: current.revision + 1, budgets: change(current.budgets) });
      await this.rejudge(tabId);
      return this.view(tabId);
    };
    return {
      alertsView: ({ tabId }) => this.view(tabId),
      saveBudget: ({ tabId, budget }) => {
        const valid = validateBudget(budget);
        return changeBudgets(tabId, (budgets) => {
          checkRuleIds(budgets.filter((existing) => existing.id !== valid.id), [valid]);
          const index = budgets.findIndex((existing) => existing.id === valid.id);
          return index === -1 ? [...budgets, valid] : budgets.map((existing, i) => (i === index ? valid : existing));
        });
      },
      deleteBudget: ({ tabId, budgetId }) => changeBudgets(tabId, (budgets) => budgets.filter((budget) => budget.id !== budgetId)),
      setBudgetEnabled: ({ tabId, budgetId, enabled }) => changeBudgets(tabId, (budgets) => budgets.map((budget) => (budget.id === budgetId ? { ...budget, enabled } : budget))),
      importBudgets: async ({ tabId, text }) => {
        // Parsed completely before anything is stored: a bad file changes nothing.
        const parsed = parseBudgetFile(text, { idPrefix: `import-${this.now().toString(36)}` });
        const view = await changeBudgets(tabId, (budgets) => {
          const replaced = new Set(parsed.budgets.map((budget) => budget.id));
          const kept = budgets.filter((budget) => !replaced.has(budget.id));
          checkRuleIds(kept, parsed.budgets);
          return [...kept, ...parsed.budgets];
        });
        return {
          view,
          result: {
            format: parsed.format,
            formatName: BUDGET_FILE_FORMAT_NAMES[parsed.format],
            budgets: parsed.budgets.length,
            rules: parsed.budgets.reduce((sum, budget) => sum + budget.rules.length, 0),
            ignored: parsed.ignored,
          },
        };
      },
      exportBudgets: async () => ({ text: exportBudgetFile((await loadBudgets()).budgets), fileName: 'admin-performance-budgets.json' }),
      acknowledgeAlert: async ({ tabId, alertId }) => {
        await (await this.alertStore).acknowledge(alertId, this.now());
        await this.refreshBadge(tabId);
        return this.view(tabId);
      },
      muteRule: async ({ tabId, ruleId, pageKey, muted }) => {
        const mutes = await loadMutes();
        if (muted) mutes.add(muteKey(ruleId, pageKey));
        else mutes.delete(muteKey(ruleId, pageKey));
        await browser.storage.local.set({ [ALERT_MUTES_KEY]: [...mutes] });
        await this.rejudge(tabId);
        return this.view(tabId);
      },
      setNotifications: async ({ tabId, enabled }) => {
        if (enabled && !(await browser.permissions.contains({ permissions: ['notifications'] }))) {
          throw new Error('Desktop notifications need the "notifications" permission: allow it when Chrome asks, then switch them on again.');
        }
        await browser.storage.local.set({ [ALERT_NOTIFICATIONS_KEY]: { enabled } });
        return this.view(tabId);
      },
      undoAction: async ({ tabId, actionId }) => {
        const alertStore = await this.alertStore;
        const stored = (await alertStore.allActions()).find((action) => action.id === actionId);
        if (!stored) throw new Error('That automatic action no longer exists (its session was deleted).');
        if (stored.status === 'undone') return this.view(tabId);
        const { sessionId, ...action } = stored;
        const undone = undoAutomaticAction(action, this.now());
        const store = await this.options.store;
        await this.options.optimizer.set(action.pattern, undone.restore, await store.loadSession(sessionId), action.pattern);
        await alertStore.putAction(sessionId, undone.action);
        this.notifyAll(tabId);
        return this.view(tabId);
      },
    };
  }
}

/** The metrics an automatic action is judged on: its rule's, and those its strategy is expected to move. */
function decisiveMetrics(rule: AlertRule | undefined, strategyId: string): ProofMetric[] {
  const own = rule ? proofMetricOf(rule.metric) : null;
  const expected = isStrategyId(strategyId) ? STRATEGIES[strategyId].expectedMetrics : [];
  return [...new Set([...(own ? [own] : []), ...expected])];
}

/** Two budgets may not share a rule id (alerts and mutes refer to rules by id). */
function checkRuleIds(existing: readonly Budget[], added: readonly Budget[]): void {
  const ids = new Set(existing.flatMap((budget) => budget.rules.map((rule) => rule.id)));
  for (const budget of added) {
    for (const rule of budget.rules) {
      if (ids.has(rule.id)) throw new Error(`Rule id "${rule.id}" is already used by another budget: give the rule another id.`);
      ids.add(rule.id);
    }
  }
}

async function loadBudgets(): Promise<StoredBudgets> {
  return readStoredBudgets((await browser.storage.local.get(ALERT_BUDGETS_KEY))[ALERT_BUDGETS_KEY]);
}

async function saveBudgets(budgets: StoredBudgets): Promise<void> {
  await browser.storage.local.set({ [ALERT_BUDGETS_KEY]: budgets });
}

async function loadMutes(): Promise<Set<string>> {
  return readMutes((await browser.storage.local.get(ALERT_MUTES_KEY))[ALERT_MUTES_KEY]);
}
