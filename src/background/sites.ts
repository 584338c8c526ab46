import browser from 'webextension-polyfill';
import { originPattern } from '../shared/origin-pattern';

/**
 * Capture on sites beyond localhost: the user grants an origin at run time (optional host
 * permission, requested by the panel), then the same content scripts are registered for it.
 */
const REGISTRATION_ID = 'admin-performance-granted-sites';

export async function hasHostAccess(url: string | undefined): Promise<boolean> {
  if (!url || !/^https?:/.test(url)) return false;
  return browser.permissions.contains({ origins: [originPattern(url)] });
}

/** The manifest's content scripts, with their built file names and worlds. */
function manifestScripts(): { js: string[]; world?: string }[] {
  const manifest = browser.runtime.getManifest() as chrome.runtime.Manifest;
  return (manifest.content_scripts ?? []).map((cs) => ({ js: cs.js ?? [], world: (cs as { world?: string }).world }));
}

/**
 * Returns the function that registers the content scripts for every granted origin that the
 * manifest does not cover. Its calls run one after another: a grant fires both
 * permissions.onAdded and the panel's request, and two overlapping syncs would register the
 * same script ids twice.
 */
export function createSiteSync(): () => Promise<void> {
  let syncing: Promise<void> = Promise.resolve();
  return () => {
    const next = syncing.then(syncOnce, syncOnce);
    syncing = next.catch(() => {});
    return next;
  };
}

async function syncOnce(): Promise<void> {
  const granted = (await browser.permissions.getAll()).origins ?? [];
  const manifest = browser.runtime.getManifest() as chrome.runtime.Manifest;
  const builtIn = new Set(manifest.host_permissions ?? []);
  const extra = granted.filter((o) => !builtIn.has(o));
  const existing = await chrome.scripting.getRegisteredContentScripts();
  const ids = existing.filter((s) => s.id.startsWith(REGISTRATION_ID)).map((s) => s.id);
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids });
  if (!extra.length) return;
  await chrome.scripting.registerContentScripts(
    manifestScripts().map((script, i) => ({
      id: `${REGISTRATION_ID}-${i}`,
      matches: extra,
      js: script.js,
      runAt: 'document_start' as const,
      world: script.world === 'MAIN' ? ('MAIN' as const) : ('ISOLATED' as const),
      persistAcrossSessions: true,
    })),
  );
}

/** Starts capture in an already-open tab right after the user granted its origin. */
export async function injectInto(tabId: number): Promise<void> {
  for (const script of manifestScripts()) {
    await chrome.scripting.executeScript({
      target: { tabId },
      files: script.js,
      world: script.world === 'MAIN' ? 'MAIN' : 'ISOLATED',
    });
  }
}
