/**
 * Each browser's manifest, derived at build time from the one source manifest (manifest.json).
 * The source holds every value; this only drops or reshapes what a browser does not accept.
 */

/** The browsers the extension is built for. */
export type BrowserTarget = 'chrome' | 'firefox';

/** The browser targets, for validating a TARGET setting. */
export const BROWSER_TARGETS: readonly BrowserTarget[] = ['chrome', 'firefox'];

/** A web_accessible_resources entry (Manifest V3 shape). */
export interface WebAccessibleResource {
  resources: string[];
  matches?: string[];
  extension_ids?: string[];
  use_dynamic_url?: boolean;
}

/** The parts of a Manifest V3 manifest this module reads or rewrites; the rest passes through. */
export interface SourceManifest {
  manifest_version: number;
  version: string;
  minimum_chrome_version?: string;
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[]; optional?: string[] } } };
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  web_accessible_resources?: WebAccessibleResource[];
  [key: string]: unknown;
}

/** What to build: the browser, and whether the build is for the end-to-end tests. */
export interface ManifestOptions {
  target: BrowserTarget;
  /** End-to-end builds let test pages of 127.0.0.1 and localhost open the panel page. Never shipped. */
  e2e?: boolean;
}

/** The panel page, opened by the DevTools page; tests open it as a tab. */
export const PANEL_PAGE = 'src/panel/index.html';

/** The origins whose pages may open the panel page in an end-to-end build. */
export const E2E_PAGE_ORIGINS: readonly string[] = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Parses a TARGET setting; anything but a known browser is an error naming the setting. */
export function parseBrowserTarget(value: string | undefined): BrowserTarget {
  const target = (value ?? '').trim() || 'chrome';
  if ((BROWSER_TARGETS as readonly string[]).includes(target)) return target as BrowserTarget;
  throw new Error(`TARGET must be one of ${BROWSER_TARGETS.join(', ')} (got "${value}").`);
}

/** The manifest for one browser. The source is not modified. */
export function manifestFor(source: SourceManifest, options: ManifestOptions): SourceManifest {
  const manifest = JSON.parse(JSON.stringify(source)) as SourceManifest;
  if (options.target === 'chrome') {
    // Chrome warns about keys it does not know; the gecko block is Firefox's alone.
    delete manifest.browser_specific_settings;
  } else {
    const gecko = manifest.browser_specific_settings?.gecko;
    if (!gecko?.id) throw new Error('manifest.json: browser_specific_settings.gecko.id is required for the Firefox build.');
    if (!gecko.data_collection_permissions?.required?.length) {
      throw new Error('manifest.json: browser_specific_settings.gecko.data_collection_permissions.required is required for the Firefox build (["none"] when nothing is collected).');
    }
    delete manifest.minimum_chrome_version;
    // Firefox has no extension service worker: the same script runs as an event page.
    const worker = manifest.background?.service_worker;
    if (worker) manifest.background = { scripts: [worker], ...(manifest.background?.type ? { type: manifest.background.type } : {}) };
  }
  if (options.e2e) {
    manifest.web_accessible_resources = [...(manifest.web_accessible_resources ?? []), { resources: [PANEL_PAGE], matches: [...E2E_PAGE_ORIGINS] }];
  }
  return manifest;
}

/**
 * What in a built manifest exists only for the end-to-end tests (the panel page exposed to web
 * pages); a shipped package must have none. Returns one line per finding, empty when clean.
 */
export function testOnlyEntries(manifest: SourceManifest): string[] {
  const findings: string[] = [];
  for (const [i, entry] of (manifest.web_accessible_resources ?? []).entries()) {
    const exposed = entry.resources.filter((r) => r === PANEL_PAGE || r.startsWith('src/panel/') || r === '*' || r === '**/*');
    if (exposed.length && (entry.matches ?? []).length) {
      findings.push(`web_accessible_resources[${i}] exposes ${exposed.join(', ')} to ${(entry.matches ?? []).join(', ')}`);
    }
  }
  return findings;
}
