/**
 * `npm run package`: builds the extension for each browser and zips it for its store:
 *   release/admin-performance-<version>-chrome.zip   Chrome Web Store (and Edge Add-ons, unchanged)
 *   release/admin-performance-<version>-firefox.zip  addons.mozilla.org
 * Builds never carry the end-to-end additions (ADMIN_PERF_E2E is removed from the build's
 * environment) and a package whose manifest has any is refused. The Firefox build is linted
 * with web-ext (errors fail the command; warnings are printed, and explained in the README).
 *   --out DIR         where the zips go (default: release/)
 *   --build-root DIR  build into DIR/dist and DIR/dist-firefox instead of the project's own
 *   --skip-lint       do not run web-ext lint (the packaging unit test uses it)
 * Exit codes: 0 written, 2 bad arguments, 1 a build, check or lint failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { BROWSER_TARGETS, testOnlyEntries, type BrowserTarget, type SourceManifest } from '../src/core/manifest/browser-manifest.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Zip entries get one fixed time so that the same build gives the same bytes. */
const ZIP_TIME = new Date('2026-01-01T00:00:00Z');

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let options: { out?: string; 'build-root'?: string; 'skip-lint'?: boolean };
try {
  ({ values: options } = parseArgs({ options: { out: { type: 'string' }, 'build-root': { type: 'string' }, 'skip-lint': { type: 'boolean' } } }));
} catch (error) {
  fail(`${(error as Error).message}\nUsage: npm run package [-- --out DIR] [--build-root DIR] [--skip-lint]`, 2);
}
const outDir = resolve(options.out ?? join(ROOT, 'release'));
const buildRoot = resolve(options['build-root'] ?? ROOT);

function build(target: BrowserTarget): string {
  const dir = join(buildRoot, target === 'firefox' ? 'dist-firefox' : 'dist');
  const env: NodeJS.ProcessEnv = { ...process.env, TARGET: target };
  delete env.ADMIN_PERF_E2E;
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) fail(`The ${target} build failed (vite build exited with ${result.status}).`);
  return dir;
}

function filesOf(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.map')) files[relative(dir, path).split('\\').join('/')] = readFileSync(path);
    }
  };
  walk(dir);
  return files;
}

function lint(dir: string): void {
  const result = spawnSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report: { summary: { errors: number; warnings: number }; errors: { code: string; message: string; file?: string }[]; warnings: { code: string; message: string; file?: string }[] };
  try {
    report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  } catch {
    fail(`web-ext lint gave no report (exit code ${result.status}):\n${result.stderr}`);
  }
  const line = (m: { code: string; message: string; file?: string }) => `  ${m.code} ${m.file ?? ''}: ${m.message}`;
  if (report.summary.errors > 0) fail(`web-ext lint found ${report.summary.errors} error(s) in the Firefox build:\n${report.errors.map(line).join('\n')}`);
  console.log(`web-ext lint: no errors, ${report.summary.warnings} warning(s) (each explained in the README, "Firefox"):\n${report.warnings.map(line).join('\n')}`);
}

mkdirSync(outDir, { recursive: true });
for (const target of BROWSER_TARGETS) {
  const dir = build(target);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as SourceManifest;
  const findings = testOnlyEntries(manifest);
  if (findings.length) fail(`Refusing to package the ${target} build: it has end-to-end test additions:\n  ${findings.join('\n  ')}`);
  if (target === 'firefox' && !options['skip-lint']) lint(dir);
  const files = filesOf(dir);
  const zip = zipSync(files, { level: 9, mtime: ZIP_TIME });
  const out = join(outDir, `admin-performance-${manifest.version}-${target}.zip`);
  writeFileSync(out, zip);
  console.log(`Wrote ${relative(process.cwd(), out) || out}: ${Object.keys(files).length} files, ${(zip.length / 1024).toFixed(1)} KB (manifest version ${manifest.version}).`);
}
