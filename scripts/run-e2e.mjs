// Runs the end-to-end tests. The real DevTools panel test needs a headful Chromium, so without
// a display this re-runs itself under xvfb-run (Debian package xvfb).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT } from './browser.mjs';

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
