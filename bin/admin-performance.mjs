#!/usr/bin/env node
// The package's command: `admin-performance ci ...` runs the CI runner (scripts/ci.ts, through tsx).
import { tsImport } from 'tsx/esm/api';

const COMMANDS = { ci: '../scripts/ci.ts' };
const [command, ...rest] = process.argv.slice(2);

if (!command || command === '-h' || command === '--help') {
  process.stdout.write('Usage: admin-performance ci --url URL [options]   (admin-performance ci --help for the options)\n');
  process.exitCode = command ? 0 : 2;
} else if (!(command in COMMANDS)) {
  process.stderr.write(`error: unknown command "${command}" (expected: ${Object.keys(COMMANDS).join(', ')})\n`);
  process.exitCode = 2;
} else {
  const { main } = await tsImport(COMMANDS[command], import.meta.url);
  process.exitCode = await main(rest);
}
