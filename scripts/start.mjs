// `npm start`: builds the extension, serves the demo admin app, and opens Chromium with the
// extension loaded and DevTools open on the demo (choose the "Admin Performance" panel).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import { startDemoServer } from './demo-server.mjs';

const port = Number(process.env.PORT ?? 5178);
console.log('Building the extension (vite build)...');
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let browserPath;
try {
  browserPath = await findBrowser();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const demo = await startDemoServer({ port, host: '127.0.0.1' });
console.log(`Demo admin app: ${demo.url}/`);
if (!process.env.DISPLAY && process.platform === 'linux') {
  console.warn('No DISPLAY is set: Chromium needs a desktop (or run `xvfb-run -a npm start` to try it headless).');
}
const userDataDir = mkdtempSync(join(tmpdir(), 'admin-performance-'));
const browser = spawn(
  browserPath,
  [...QUIET_FLAGS, ...extensionArgs(), `--user-data-dir=${userDataDir}`, '--auto-open-devtools-for-tabs', '--window-size=1500,950', `${demo.url}/`],
  { stdio: 'ignore' },
);
console.log(`Chromium started (${browserPath}). In DevTools, open the "Admin Performance" panel (» if hidden). Close the browser or press Ctrl+C to stop.`);

const stop = async () => {
  browser.kill();
  await demo.close();
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(0);
};
browser.on('exit', stop);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
