import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

// Content scripts are built as self-contained IIFEs: they must run synchronously at
// document_start (a module loader would defer them past the first images and paints).
export default defineConfig({
  plugins: [
    react(),
    crx({
      manifest: manifest as ManifestV3Export,
      contentScripts: { standaloneFiles: ['src/content/main.ts', 'src/page/main.ts'] },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome123',
    rollupOptions: {
      input: { panel: 'src/panel/index.html' },
    },
  },
});
