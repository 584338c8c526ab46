import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import source from './manifest.json' with { type: 'json' };
import { manifestFor, parseBrowserTarget, type SourceManifest } from './src/core/manifest/browser-manifest.ts';

// TARGET=firefox builds dist-firefox/ (default: chrome, into dist/). ADMIN_PERF_E2E=1 adds what
// only the end-to-end tests need (see src/core/manifest); `npm run package` never sets it.
const target = parseBrowserTarget(process.env.TARGET);
const e2e = process.env.ADMIN_PERF_E2E === '1';
const manifest = manifestFor(source as SourceManifest, { target, e2e });

const REGISTERED_SCRIPTS = ['src/content/optimizer-main.ts', 'src/page/optimizer-main.ts', 'src/page/lazy-images-at-start.ts'];

/**
 * crxjs makes every script imported with `?script` web-accessible to every site (its module
 * loaders need that). The optimizer's registered scripts are self-contained IIFEs injected by
 * the browser, so no page may fetch them (it would tell a site the extension is installed).
 */
function keepRegisteredScriptsPrivate(): Plugin {
  const built = new Set(REGISTERED_SCRIPTS.map((file) => file.replace(/\.ts$/, '.js')));
  return {
    name: 'admin-performance:registered-scripts-private',
    enforce: 'post',
    // After the write: crxjs renders the manifest's last version late in generateBundle.
    writeBundle(options) {
      const file = join(options.dir ?? '', 'manifest.json');
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { web_accessible_resources?: { resources: string[] }[] };
      if (!manifest.web_accessible_resources) return;
      manifest.web_accessible_resources = manifest.web_accessible_resources
        .map((entry) => ({ ...entry, resources: entry.resources.filter((r) => !built.has(r)) }))
        .filter((entry) => entry.resources.length > 0);
      if (!manifest.web_accessible_resources.length) delete manifest.web_accessible_resources;
      writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/**
 * The capture content script runs almost all of its functions once per page load. V8 compiles
 * a function lazily (pre-parsed with the script, parsed and compiled again on its first call);
 * this magic comment (V8's explicit compile hints, Chrome 136+; a plain comment elsewhere) has
 * it compile them all with the script instead, in one pass: measured in `npm run bench` as
 * about a third less of the page's main-thread time in our frames.
 */
const EAGER_SCRIPTS = ['src/content/main.js'];
const EAGER_HINT = '//# allFunctionsCalledOnLoad\n';
function compileCaptureEagerly(): Plugin {
  return {
    name: 'admin-performance:compile-capture-eagerly',
    enforce: 'post',
    writeBundle(options) {
      for (const script of EAGER_SCRIPTS) {
        const file = join(options.dir ?? '', script);
        const code = readFileSync(file, 'utf8');
        if (!code.startsWith(EAGER_HINT)) writeFileSync(file, EAGER_HINT + code);
      }
    },
  };
}

// Content scripts are built as self-contained IIFEs: they must run synchronously at
// document_start (a module loader would defer them past the first images and paints).
export default defineConfig({
  plugins: [
    react(),
    crx({
      manifest: manifest as unknown as ManifestV3Export,
      browser: target,
      // The optimizer's scripts are registered at run time (src/background/optimizer-scripts.ts).
      contentScripts: { standaloneFiles: ['src/content/main.ts', 'src/page/main.ts', ...REGISTERED_SCRIPTS] },
    }),
    keepRegisteredScriptsPrivate(),
    compileCaptureEagerly(),
  ],
  build: {
    outDir: target === 'firefox' ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: target === 'firefox' ? 'firefox128' : 'chrome123',
    rollupOptions: {
      input: { panel: 'src/panel/index.html' },
    },
  },
});
