/// <reference types="@crxjs/vite-plugin/client" />
/**
 * Injects the optimizer (its appliers, the page-world lazy-image and HTML-insertion hooks, the
 * response-cache client) only into sites where a strategy is on; every other page gets capture
 * alone. Two content scripts (isolated world and page world) are registered with the match
 * patterns of the toggled URL patterns (src/core/optimizer/injection-matches.ts); on sites where
 * lazy-loading is on for some page the page-world script comes after a one-line hint
 * (src/page/lazy-images-at-start.ts) so its hook marks images from document_start. Persisted
 * across sessions, and updated in place whenever the toggles change, so a switch takes effect on
 * the next load as before and a site that keeps a strategy never loads without it. A tab already open on a page that gets its first strategy has the
 * scripts injected at once, so switching on applies live; switching off reverts live in the
 * scripts themselves (they stay, inert, until the next load).
 */
import browser from 'webextension-polyfill';
import contentOptimizerScript from '../content/optimizer-main.ts?script&iife';
import pageOptimizerScript from '../page/optimizer-main.ts?script&iife';
import lazyImagesAtStartScript from '../page/lazy-images-at-start.ts?script&iife';
import { optimizerScriptMatches, pageScriptMatches } from '../core/optimizer/injection-matches';
import { OPTIMIZER_SETTINGS_KEY, optimizationsFor, readOptimizerSettings, type OptimizerSettings } from '../shared/optimizer-settings';

const ISOLATED_ID = 'admin-performance-optimizer';
const MAIN_ID = 'admin-performance-optimizer-page';
/** The page-world script on sites where lazy-loading is on for some page, after its at-start hint. */
const MAIN_AT_START_ID = 'admin-performance-optimizer-page-lazy';
const IDS = [ISOLATED_ID, MAIN_ID, MAIN_AT_START_ID];

/** The registrations for the toggles (page world first: its hooks must be in place before the appliers talk to them). */
function registrations(settings: OptimizerSettings): chrome.scripting.RegisteredContentScript[] {
  const common = { runAt: 'document_start' as const, allFrames: false, persistAcrossSessions: true };
  const all = optimizerScriptMatches(settings.toggles);
  const page = pageScriptMatches(settings.toggles);
  const wanted: chrome.scripting.RegisteredContentScript[] = [];
  if (page.atStart.length) wanted.push({ id: MAIN_AT_START_ID, js: [lazyImagesAtStartScript, pageOptimizerScript], world: 'MAIN', matches: page.atStart, ...common });
  if (page.plain.length) wanted.push({ id: MAIN_ID, js: [pageOptimizerScript], world: 'MAIN', matches: page.plain, ...common });
  if (all.length) wanted.push({ id: ISOLATED_ID, js: [contentOptimizerScript], world: 'ISOLATED', matches: all, ...common });
  return wanted;
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]) => !!a && a.length === b.length && a.every((x, i) => x === b[i]);

const sameRegistration = (e: chrome.scripting.RegisteredContentScript, w: chrome.scripting.RegisteredContentScript) =>
  sameList(e.js, w.js!) && sameList([...(e.matches ?? [])].sort(), w.matches!) && (e.world ?? 'ISOLATED') === w.world;

/**
 * Brings the registrations in line with `wanted` with no moment in which a page of a site that
 * keeps its strategy loads without them: a registration that stays is updated in place, a new
 * one is registered before an old one goes (a page loading in between gets both; the scripts
 * install once).
 */
async function register(settings: OptimizerSettings): Promise<void> {
  const wanted = registrations(settings);
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: IDS });
  const added = wanted.filter((w) => !existing.some((e) => e.id === w.id));
  const changed = wanted.filter((w) => existing.some((e) => e.id === w.id && !sameRegistration(e, w)));
  const removed = existing.filter((e) => !wanted.some((w) => w.id === e.id)).map((e) => e.id);
  if (added.length) await chrome.scripting.registerContentScripts(added);
  if (changed.length) await chrome.scripting.updateContentScripts(changed);
  if (removed.length) await chrome.scripting.unregisterContentScripts({ ids: removed });
}

/** Injects the optimizer into open tabs whose page has a strategy on and no optimizer yet. */
async function injectIntoOpenTabs(settings: OptimizerSettings): Promise<void> {
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || !tab.url || !optimizationsFor(settings, tab.url).strategies.length) return;
      const target = { tabId: tab.id, frameIds: [0] };
      try {
        const [probe] = await chrome.scripting.executeScript({ target, world: 'ISOLATED', func: () => '__adminPerformanceOptimizer' in globalThis });
        if (probe?.result !== false) return;
        await chrome.scripting.executeScript({ target, world: 'MAIN', files: [pageOptimizerScript] });
        await chrome.scripting.executeScript({ target, world: 'ISOLATED', files: [contentOptimizerScript] });
      } catch {
        // No host access to that tab (or it navigated away): it gets the scripts on its next load if allowed.
      }
    }),
  );
}

async function syncOnce(): Promise<void> {
  const stored = await browser.storage.local.get(OPTIMIZER_SETTINGS_KEY);
  const settings = readOptimizerSettings(stored[OPTIMIZER_SETTINGS_KEY]);
  await register(settings);
  await injectIntoOpenTabs(settings);
}

let syncing: Promise<void> = Promise.resolve();

/**
 * Brings the registrations and the open tabs in line with the stored toggles. Calls run one
 * after another (two overlapping ones would register the same ids twice); resolves when this
 * call's sync is done, so a caller that awaits it knows the next load gets the scripts.
 */
export function syncOptimizerScripts(): Promise<void> {
  const next = syncing.then(syncOnce, syncOnce);
  syncing = next.catch((error: unknown) => console.warn('[Admin Performance] could not register the optimizer scripts:', error));
  return next;
}

/** Keeps the registrations in line with the toggles, whoever writes them. */
export function listenForOptimizerToggles(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[OPTIMIZER_SETTINGS_KEY]) void syncOptimizerScripts().catch(() => {});
  });
  browser.runtime.onInstalled.addListener(() => void syncOptimizerScripts().catch(() => {}));
}
