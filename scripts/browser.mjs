// Finds a Chromium to drive: CHROME_PATH, then /usr/bin/chromium, then Playwright's own browsers.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

/** Flags that keep Chromium quiet on a closed network (see shared TESTING notes). */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

export async function findBrowser() {
  const candidates = [];
  if (process.env.CHROME_PATH) candidates.push(['CHROME_PATH', process.env.CHROME_PATH]);
  candidates.push(['/usr/bin/chromium', '/usr/bin/chromium']);
  try {
    const { chromium } = await import('playwright-core');
    const own = chromium.executablePath();
    if (own) candidates.push(["Playwright's browsers", own]);
  } catch {
    /* playwright-core has no browser of its own here */
  }
  for (const [, path] of candidates) if (path && existsSync(path)) return path;
  const tried = candidates.map(([from, path]) => `  ${from}: ${path}`).join('\n');
  throw new Error(
    `No Chromium found. Tried:\n${tried}\n` +
      'Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`), or set CHROME_PATH to a Chrome/Chromium 123+ binary.',
  );
}

export function extensionArgs(dist = DIST) {
  if (!existsSync(join(dist, 'manifest.json'))) {
    throw new Error(`The extension is not built (${join(dist, 'manifest.json')} is missing). Run \`npm run build\` first.`);
  }
  return [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`];
}
