import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOnlyEntries, type SourceManifest } from '../../../src/core/manifest/browser-manifest';

// Runs the real packaging command (both builds, both zips) with ADMIN_PERF_E2E=1 set in its
// environment, as a careless shell would, and checks what would be uploaded to the stores.
const ROOT = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'ap-package-'));
const version = (JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as SourceManifest).version;
let zips: Record<'chrome' | 'firefox', Record<string, Uint8Array>>;

beforeAll(async () => {
  await promisify(execFile)('npx', ['tsx', 'scripts/package.ts', '--out', join(dir, 'release'), '--build-root', dir, '--skip-lint'], {
    cwd: ROOT,
    env: { ...process.env, ADMIN_PERF_E2E: '1' },
  });
  const read = (target: string) => unzipSync(readFileSync(join(dir, 'release', `admin-performance-${version}-${target}.zip`)));
  zips = { chrome: read('chrome'), firefox: read('firefox') };
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifestOf = (files: Record<string, Uint8Array>) => JSON.parse(strFromU8(files['manifest.json']!)) as SourceManifest;

describe('the packaged zips', () => {
  it('never expose the panel page to web pages', () => {
    for (const files of Object.values(zips)) {
      expect(testOnlyEntries(manifestOf(files))).toEqual([]);
      expect(JSON.stringify(manifestOf(files))).not.toContain('web_accessible_resources');
    }
  });

  it('hold a Chrome manifest with a service worker and no gecko block', () => {
    const manifest = manifestOf(zips.chrome);
    expect(manifest.background?.service_worker).toBeTruthy();
    expect(zips.chrome[manifest.background!.service_worker!]).toBeDefined();
    expect(manifest.browser_specific_settings).toBeUndefined();
  });

  it('hold a Firefox manifest with background scripts, the gecko id and "no data collected"', () => {
    const manifest = manifestOf(zips.firefox);
    expect(manifest.background?.service_worker).toBeUndefined();
    for (const script of manifest.background?.scripts ?? []) expect(zips.firefox[script], script).toBeDefined();
    expect(manifest.background?.scripts).toHaveLength(1);
    expect(manifest.browser_specific_settings?.gecko).toMatchObject({ strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } });
    expect(manifest.minimum_chrome_version).toBeUndefined();
  });

  it('carry every file each manifest names, and no source maps', () => {
    for (const files of Object.values(zips)) {
      const manifest = manifestOf(files) as SourceManifest & { content_scripts: { js: string[] }[]; devtools_page: string; icons: Record<string, string> };
      const named = [manifest.devtools_page, ...Object.values(manifest.icons), ...manifest.content_scripts.flatMap((c) => c.js), 'src/panel/index.html'];
      for (const path of named) expect(files[path], path).toBeDefined();
      expect(Object.keys(files).filter((f) => f.endsWith('.map'))).toEqual([]);
    }
  });
});
