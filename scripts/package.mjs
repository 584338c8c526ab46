// `npm run package`: zips dist/ into release/admin-performance-<version>.zip for the Chrome Web Store.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { DIST, ROOT } from './browser.mjs';

const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!name.endsWith('.map')) files[relative(DIST, path).split('\\').join('/')] = readFileSync(path);
  }
};
walk(DIST);
const zip = zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
mkdirSync(join(ROOT, 'release'), { recursive: true });
const out = join(ROOT, 'release', `admin-performance-${manifest.version}.zip`);
writeFileSync(out, zip);
console.log(`Wrote ${relative(ROOT, out)}: ${Object.keys(files).length} files, ${(zip.length / 1024).toFixed(1)} KB (manifest version ${manifest.version}).`);
