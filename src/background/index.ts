/**
 * The service worker, wiring only: it builds the background's parts once and hands them the
 * browser's events. Capture ports (content scripts) go to the CaptureHost, panel ports
 * (DevTools panels) to the request router. Chrome stops the worker after ~30 s idle, so
 * everything that matters is in IndexedDB or storage.session, never only in memory.
 */
import browser from 'webextension-polyfill';
import { CAPTURE_PORT, PANEL_PORT } from '../shared/protocol';
import { RC_PORT } from '../shared/response-cache-protocol';
import { openDatabase } from '../storage/db';
import { createRetention } from '../storage/retention';
import { SessionStore } from '../storage/session-store';
import { AlertsHost } from './alerts-host';
import { CacheHost } from './cache-host';
import { CaptureHost } from './capture-host';
import { createCaptureGate } from './capture-gate';
import { DevToolsPresence } from './devtools-presence';
import { createCaptureStatus } from './capture-status';
import { panelHandlers } from './handler-map';
import type { BackgroundContext } from './handlers';
import { NetworkEnricher } from './network-enricher';
import { keepsSecretHeaders } from './secret-header-sites';
import { optimizerSwitches, strategiesForUrl } from './optimizer-host';
import { listenForOptimizerToggles } from './optimizer-scripts';
import { createOtlpSender } from './otlp-host';
import { PanelHub } from './panel-host';
import { routePanelPort } from './panel-router';
import { createSiteSync, hasHostAccess } from './sites';
import { createTabState } from './tab-state';

function startBackground(): void {
  const db = openDatabase();
  const store = db.then((opened) => new SessionStore(opened));
  const tabState = createTabState();
  // Called only once events arrive, after `status` below exists.
  const panels = new PanelHub((tabId) => status.of(tabId));
  const retention = createRetention({
    store,
    protectedSessions: () => tabState.recordingSessions(),
    async afterPass(evicted) {
      if (evicted.length) await tabState.count('evicted', evicted.length);
      panels.tabs().forEach((tabId) => panels.statusChanged(tabId));
    },
  });
  const presence = new DevToolsPresence();
  const gate = createCaptureGate(presence);
  const status = createCaptureStatus({ tabState, retention, hasHostAccess, onlyWithDevTools: () => gate.onlyWithDevTools() });
  const alerts = new AlertsHost({ db, store, tabState, optimizer: optimizerSwitches, notifyPanels: (tabId) => panels.alertsChanged(tabId) });
  const capture = new CaptureHost({
    store,
    panels,
    tabState,
    status,
    gate,
    strategiesFor: (_tabId, url) => strategiesForUrl(url),
    afterCommit: (tabId, sessionId) => {
      retention.schedule();
      alerts.afterCommit(tabId, sessionId);
    },
    onStoredItems: (tabId, pageUrl, items) => void cache.learnFromCapture(tabId, pageUrl, items),
  });
  // Every open panel shows the switch: a change made in one is shown in all.
  gate.onChange((tabId) => (tabId === null ? panels.tabs() : []).forEach((tab) => panels.statusChanged(tab)));
  const cache = new CacheHost();
  cache.listen();
  const context: BackgroundContext = {
    store,
    cache,
    panels,
    capture,
    presence,
    gate,
    tabState,
    status,
    retention,
    alerts,
    network: new NetworkEnricher(store, tabState, keepsSecretHeaders),
    syncSites: createSiteSync(),
    otlp: createOtlpSender(store),
  };
  const handlers = panelHandlers(context);

  browser.runtime.onConnect.addListener((port) => {
    // Listeners attach synchronously so no message is missed while IndexedDB opens.
    if (port.name === CAPTURE_PORT) {
      capture.accept(port);
    } else if (port.name === RC_PORT) {
      cache.accept(port);
    } else if (port.name === PANEL_PORT && port.sender?.url?.startsWith(browser.runtime.getURL(''))) {
      // The DevTools panel, or its page opened as a tab with ?tabId=N.
      routePanelPort(handlers, port);
    } else {
      port.disconnect();
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void (async () => {
      const current = await tabState.activeSession(tabId);
      if (current) {
        await (await store).endSession(current);
        alerts.afterCommit(tabId, current);
        context.otlp.sessionEnded(current);
      }
      await tabState.forgetTab(tabId);
    })();
  });

  listenForOptimizerToggles();
  browser.permissions.onAdded.addListener(() => void context.syncSites());
  browser.permissions.onRemoved.addListener(() => void context.syncSites());
  browser.runtime.onInstalled.addListener(() => void context.syncSites().then(() => retention.enforce()));
  void retention.enforce();
  // Views committed before the worker stopped and not judged yet are judged now.
  void alerts.resume();
}

startBackground();
