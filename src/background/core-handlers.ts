import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { describeSchemaIssue } from '../core/sessions/schema';
import { NetworkEntriesSchema } from '../shared/capture-schema';
import type { CoreRequests } from '../shared/protocol';
import type { BackgroundContext, HandlerMap } from './handlers';
import { hasHostAccess, injectInto } from './sites';

/** The background side of the capture core: subscribing a panel, its status, recording on/off, sites, sessions, network details. */
export function coreHandlers(context: BackgroundContext): HandlerMap<keyof CoreRequests> {
  const { panels, status, tabState } = context;
  return {
    async subscribe({ tabId }, port) {
      panels.subscribe(tabId, port);
      context.presence.add(tabId, port);
      const store = await context.store;
      const sessionId = (await tabState.activeSession(tabId)) ?? (await store.latestSessionOfTab(tabId))?.id;
      const data = sessionId ? await store.loadSession(sessionId) : null;
      return { status: await status.of(tabId), data };
    },
    status: ({ tabId }) => status.of(tabId),
    async setRecording({ tabId, recording }) {
      const store = await context.store;
      const current = await tabState.activeSession(tabId);
      if (!recording) {
        await tabState.setPaused(tabId, true);
        if (current) {
          await store.endSession(current);
          context.alerts.afterCommit(tabId, current);
          context.otlp.sessionEnded(current);
        }
        await tabState.setActiveSession(tabId, null);
      } else {
        await tabState.setPaused(tabId, false);
        if (!current) {
          const tab = await browser.tabs.get(tabId);
          await context.capture.sessionFor(tabId, tab.url ?? '', tab.title ?? '');
        }
      }
      return status.of(tabId);
    },
    async enableSite({ tabId }) {
      await context.syncSites();
      const tab = await browser.tabs.get(tabId);
      if (await hasHostAccess(tab.url)) await injectInto(tabId);
      return status.of(tabId);
    },
    async listSessions() {
      return (await context.store).listSessions();
    },
    async loadSession({ sessionId }) {
      return (await context.store).loadSession(sessionId);
    },
    async attachNetwork({ tabId, entries }) {
      const parsed = v.safeParse(NetworkEntriesSchema, entries);
      if (!parsed.success) throw new Error(`Network details rejected: ${describeSchemaIssue(parsed.issues[0])}`);
      return context.network.attach(tabId, parsed.output);
    },
    async inspect({ tabId }, port) {
      if (!Number.isInteger(tabId)) throw new Error('inspect: tabId must be an integer.');
      context.presence.add(tabId, port);
      return { tabId };
    },
    async setOnlyWithDevTools({ tabId, on }) {
      if (typeof on !== 'boolean') throw new Error('setOnlyWithDevTools: on must be true or false.');
      await context.gate.setOnlyWithDevTools(on);
      return status.of(tabId);
    },
  };
}
