import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_PAGE_ORIGINS, manifestFor, PANEL_PAGE, parseBrowserTarget, testOnlyEntries, type SourceManifest } from '../../../src/core/manifest/browser-manifest';

const source = JSON.parse(readFileSync(join(import.meta.dirname, '../../../manifest.json'), 'utf8')) as SourceManifest;

describe('manifestFor', () => {
  it('gives Chrome a service worker and no gecko settings', () => {
    const chrome = manifestFor(source, { target: 'chrome' });
    expect(chrome.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
    expect(chrome.browser_specific_settings).toBeUndefined();
    expect(chrome.minimum_chrome_version).toBe(source.minimum_chrome_version);
    expect(chrome.web_accessible_resources).toBeUndefined();
  });

  it('gives Firefox background scripts, the gecko id, version 128 and "no data collected"', () => {
    const firefox = manifestFor(source, { target: 'firefox' });
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(firefox.manifest_version).toBe(3);
    expect(firefox.minimum_chrome_version).toBeUndefined();
    const gecko = firefox.browser_specific_settings?.gecko;
    expect(gecko?.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(gecko?.strict_min_version).toBe('128.0');
    expect(gecko?.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('keeps everything else the same for both browsers', () => {
    const differ = new Set(['background', 'browser_specific_settings', 'minimum_chrome_version']);
    for (const target of ['chrome', 'firefox'] as const) {
      const built = manifestFor(source, { target });
      for (const key of Object.keys(source).filter((k) => !differ.has(k))) expect(built[key], `${target}: ${key}`).toEqual(source[key]);
    }
  });

  it('does not modify the source', () => {
    const before = JSON.stringify(source);
    manifestFor(source, { target: 'firefox', e2e: true });
    manifestFor(source, { target: 'chrome', e2e: true });
    expect(JSON.stringify(source)).toBe(before);
  });

  it('exposes the panel page to 127.0.0.1 and localhost only in an end-to-end build', () => {
    for (const target of ['chrome', 'firefox'] as const) {
      expect(testOnlyEntries(manifestFor(source, { target }))).toEqual([]);
      const e2e = manifestFor(source, { target, e2e: true });
      expect(e2e.web_accessible_resources).toEqual([{ resources: [PANEL_PAGE], matches: [...E2E_PAGE_ORIGINS] }]);
      expect(testOnlyEntries(e2e)).toHaveLength(1);
    }
  });

  it('refuses a Firefox build without a gecko id or a data collection declaration, naming the field', () => {
    const noId = structuredClone(source);
    delete noId.browser_specific_settings!.gecko!.id;
    expect(() => manifestFor(noId, { target: 'firefox' })).toThrow(/browser_specific_settings\.gecko\.id/);
    const noConsent = structuredClone(source);
    delete noConsent.browser_specific_settings!.gecko!.data_collection_permissions;
    expect(() => manifestFor(noConsent, { target: 'firefox' })).toThrow(/data_collection_permissions/);
    expect(manifestFor(noId, { target: 'chrome' }).browser_specific_settings).toBeUndefined();
  });
});

describe('testOnlyEntries', () => {
  it('flags wildcard resources open to web pages, not resources for extensions only', () => {
    const base = manifestFor(source, { target: 'firefox' });
    expect(testOnlyEntries({ ...base, web_accessible_resources: [{ resources: ['**/*'], matches: ['<all_urls>'] }] })).toHaveLength(1);
    expect(testOnlyEntries({ ...base, web_accessible_resources: [{ resources: ['assets/chunk.js'], matches: ['<all_urls>'] }] })).toEqual([]);
  });
});

describe('parseBrowserTarget', () => {
  it('defaults to chrome and names the setting on a bad value', () => {
    expect(parseBrowserTarget(undefined)).toBe('chrome');
    expect(parseBrowserTarget('firefox')).toBe('firefox');
    expect(() => parseBrowserTarget('safari')).toThrow(/TARGET must be one of chrome, firefox \(got "safari"\)/);
  });
});
