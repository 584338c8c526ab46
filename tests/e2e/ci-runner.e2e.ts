/**
 * The CI runner end to end: the real command (the package's bin), a headless Chromium with the
 * built extension, the demo app. Each run is recorded by the extension and read back from its
 * IndexedDB; budgets and the baseline decide the exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSession } from '../../src/core/sessions/import/index';
import type { CiReport } from '../../src/core/ci/index';
import { startDemo, type DemoServer } from './harness';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ap-ci-e2e-'));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/admin-performance.mjs'), 'ci', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function junitFailures(path: string): { type: string; message: string; details: string; testcase: string }[] {
  const doc = new new Window().DOMParser().parseFromString(readFileSync(path, 'utf8'), 'application/xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return [...doc.querySelectorAll('failure')].map((failure) => ({
    type: failure.getAttribute('type') ?? '',
    message: failure.getAttribute('message') ?? '',
    details: failure.textContent ?? '',
    testcase: failure.parentElement?.getAttribute('name') ?? '',
  }));
}

describe('admin-performance ci', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 naming an unknown flag, a bad value or a missing --url, before starting a browser', async () => {
    const unknown = await runCli(['--url', `${demo.url}/`, '--rnus', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown flag --rnus');
    const runs = await runCli(['--url', `${demo.url}/`, '--runs', 'many']);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain('--runs must be a whole number from 1 to 50 (got "many")');
    const missing = await runCli(['--runs', '2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--url is required');
    expect(unknown.stderr + runs.stderr + missing.stderr).not.toContain('launching Chromium');
  });

  it('exits 2 naming the field of a bad budget file', async () => {
    const budget = join(dir, 'bad-budget.json');
    writeFileSync(budget, JSON.stringify([{ path: '/*', timings: [{ metric: 'largest-contentful-paint', budget: 'fast' }] }]));
    const result = await runCli(['--url', `${demo.url}/`, '--runs', '1', '--budget', budget]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--budget .*bad-budget\.json: \[0\]\.timings\[0\]\.budget: /);
  });

  it('runs a flow module on each run (two views per session), and refuses a flow without a function', async () => {
    const flow = join(ROOT, 'tests/fixtures/ci/users-flow.mjs');
    const result = await runCli(['--url', `${demo.url}/`, '--flow', flow, '--runs', '1', '--json', 'flow.json', '--out', 'flow-sessions']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'flow.json'), 'utf8')) as CiReport;
    expect(report.flow).toBe(flow);
    const session = await importSession(readFileSync(join(dir, report.sessions[0]!), 'utf8'));
    expect(session.views.map((view) => new URL(view.url).pathname)).toEqual(['/', '/users']);
    expect(session.requests.some((request) => request.url.includes('/api/users'))).toBe(true);

    const notAFlow = join(dir, 'not-a-flow.mjs');
    writeFileSync(notAFlow, 'export const steps = 3;\n');
    const refused = await runCli(['--url', `${demo.url}/`, '--flow', notAFlow, '--runs', '1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('must export a function');
  });

  it('a budget the slow page breaks exits 1 with a JUnit failure naming it; a generous one exits 0', async () => {
    const slow = `${demo.url}/?doc-delay=1200`;
    const tight = join(dir, 'tight.json');
    writeFileSync(tight, JSON.stringify([{ path: '/*', timings: [{ metric: 'largest-contentful-paint', budget: 800 }] }]));
    const generous = join(dir, 'generous.json');
    writeFileSync(generous, JSON.stringify([{ path: '/*', timings: [{ metric: 'largest-contentful-paint', budget: 30000 }] }]));

    const broken = await runCli(['--url', slow, '--runs', '2', '--budget', tight, '--junit', 'tight.xml', '--json', 'tight.json', '--out', 'tight-sessions']);
    expect(broken.code, broken.stderr).toBe(1);
    const failures = junitFailures(join(dir, 'tight.xml'));
    expect(failures).toHaveLength(1);
    expect(failures[0]!.type).toBe('budget');
    expect(failures[0]!.message).toMatch(/Largest Contentful Paint [\d,]+ ms .* on http:\/\/127\.0\.0\.1:\d+\/\?doc-delay=1200 breaks the budget ≤ 800 ms/);
    expect(failures[0]!.details).toContain('budget: ≤ 800 ms');
    expect(failures[0]!.details).toMatch(/url: http:\/\/127\.0\.0\.1:\d+\/\?doc-delay=1200/);
    const summary = JSON.parse(readFileSync(join(dir, 'tight.json'), 'utf8')) as CiReport;
    expect(summary.passed).toBe(false);
    expect(summary.runs).toBe(2);
    expect(summary.sessions).toHaveLength(2);
    // The recorded sessions are session exports the panel imports.
    const imported = await importSession(readFileSync(join(dir, summary.sessions[0]!), 'utf8'));
    expect(imported.views[0]?.url).toBe(slow);
    expect(imported.requests.length).toBeGreaterThan(10);

    const held = await runCli(['--url', slow, '--runs', '2', '--budget', generous, '--junit', 'generous.xml']);
    expect(held.code, held.stderr).toBe(0);
    expect(junitFailures(join(dir, 'generous.xml'))).toEqual([]);
    expect(held.stderr).toMatch(/budgets \(Lighthouse budget\.json\): 1\/1 hold/);
  });

  it('a baseline saved from the fast page, and the page made slower, report a significant regression', async () => {
    const saved = await runCli(['--url', `${demo.url}/`, '--runs', '4', '--save-baseline', 'baseline.json', '--out', 'fast-sessions']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toMatch(/run 4\/4: LCP \d+ ms/);
    const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(baseline.metrics.TTFB.values).toHaveLength(4);

    const slower = await runCli(['--url', `${demo.url}/?doc-delay=1500`, '--runs', '4', '--baseline', 'baseline.json', '--junit', 'regression.xml', '--json', 'regression.json']);
    expect(slower.code, slower.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'regression.json'), 'utf8')) as CiReport;
    const ttfb = report.regressions.find((check) => check.metric === 'TTFB')!;
    expect(ttfb.verdict).toBe('worse');
    expect(ttfb.pValue).toBeLessThan(0.05);
    expect(ttfb.difference).toBeGreaterThan(1000);
    const failures = junitFailures(join(dir, 'regression.xml'));
    const named = failures.find((failure) => failure.testcase.includes('(TTFB)'))!;
    expect(named.type).toBe('regression');
    expect(named.message).toMatch(/Time to First Byte \(TTFB\) is worse on http:\/\/127\.0\.0\.1:\d+\/\?doc-delay=1500: median [\d,.]+ (ms|s) against [\d.]+ ms in the baseline \(\+[\d.]+ %, p = 0\.0\d\d/);
    expect(slower.stderr).toMatch(/FAIL Time to First Byte/);
  });
});
