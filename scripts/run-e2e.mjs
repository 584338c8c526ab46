// Runs the end-to-end tests. The real DevTools panel test needs a headful Chromium, so without
// a display this re-runs itself under xvfb-run (Debian package xvfb). The Firefox tests
// (tests/e2e/firefox/) need the end-to-end Firefox build: it is made first when they are selected.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ROOT } from './browser.mjs';

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const firefoxTests = readdirSync(join(ROOT, 'tests/e2e/firefox')).filter((f) => f.endsWith('.e2e.ts')).map((f) => `tests/e2e/firefox/${f}`);
const asFilter = (a) => (existsSync(a) ? relative(ROOT, resolve(a)).split('\\').join('/') : a);
const firefoxSelected = filters.length === 0 || firefoxTests.some((file) => filters.some((a) => file.includes(asFilter(a))));
if (firefoxSelected) {
  console.log('Building the end-to-end Firefox build (TARGET=firefox ADMIN_PERF_E2E=1 vite build → dist-firefox/)...');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TARGET: 'firefox', ADMIN_PERF_E2E: '1' } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const args = ['vitest', 'run', '--config', 'tests/vitest.e2e.config.ts', ...process.argv.slice(2)];
let command = 'npx';
let commandArgs = args;
if (!process.env.DISPLAY) {
  if (existsSync('/usr/bin/xvfb-run')) {
    command = '/usr/bin/xvfb-run';
    commandArgs = ['-a', '-s', '-screen 0 1600x1000x24', 'npx', ...args];
  } else {
    console.warn('No DISPLAY and no xvfb-run: the real DevTools panel test will be skipped. Install xvfb (apt-get install -y xvfb) to run it.');
  }
}
const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
