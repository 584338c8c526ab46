import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import source from './manifest.json' with { type: 'json' };
import { manifestFor, parseBrowserTarget, type SourceManifest } from './src/core/manifest/browser-manifest.ts';

// TARGET=firefox builds dist-firefox/ (default: chrome, into dist/). ADMIN_PERF_E2E=1 adds what
// only the end-to-end tests need (see src/core/manifest); `npm run package` never sets it.
const target = parseBrowserTarget(process.env.TARGET);
const e2e = process.env.ADMIN_PERF_E2E === '1';
const manifest = manifestFor(source as SourceManifest, { target, e2e });

// Content scripts are built as self-contained IIFEs: they must run synchronously at
// document_start (a module loader would defer them past the first images and paints).
export default defineConfig({
  plugins: [
    react(),
    crx({
      manifest: manifest as unknown as ManifestV3Export,
      browser: target,
      // The optimizer's two scripts are registered at run time (src/background/optimizer-scripts.ts).
      contentScripts: { standaloneFiles: ['src/content/main.ts', 'src/page/main.ts', 'src/content/optimizer-main.ts', 'src/page/optimizer-main.ts'] },
    }),
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
