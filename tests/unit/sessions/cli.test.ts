import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runExportCli } from '../../../scripts/export';
import { exportHar } from '../../../src/core/sessions/export/har';
import { exportJson } from '../../../src/core/sessions/export/json';
import { importSession } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession, SECRET_VALUES } from '../../fixtures/sessions/secrets';
import { collect, parseCsv, smallSession } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'ap-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExportCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function writeExport(name: string, text: Promise<string>) {
  const path = join(dir, name);
  writeFileSync(path, await text);
  return path;
}

describe('export CLI', () => {
  const data = smallSession();

  it('converts a JSON export to every format, next to the input, sanitized', async () => {
    const input = await writeExport('session.json', collect(exportJson(exportInputFrom(createSecretSession()), { sanitize: false })));
    for (const format of ['har', 'trace', 'report', 'json']) {
      const result = await run(input, '--format', format);
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/^wrote .+ \(\d+(\.\d)? (bytes|KB|MB)\)\nsanitized: removed 3 cookie headers, 12 authorization headers/);
    }
    const har = readFileSync(join(dir, 'session.har'), 'utf8');
    expect(JSON.parse(har).log.entries).toHaveLength(6);
    expect(JSON.parse(readFileSync(join(dir, 'session.trace.json'), 'utf8')).traceEvents.length).toBeGreaterThan(10);
    expect(readFileSync(join(dir, 'session.report.html'), 'utf8')).toContain('<!doctype html>');
    // json -> json would overwrite the input: it goes beside it instead.
    const sanitized = readFileSync(join(dir, 'session.export.json'), 'utf8');
    for (const text of [har, sanitized]) expect(SECRET_VALUES.filter((secret) => text.includes(secret))).toEqual([]);
  });

  it('writes one CSV per table, named from --out', async () => {
    const input = await writeExport('small.json', collect(exportJson(exportInputFrom(data), { sanitize: false })));
    const result = await run(input, '-f', 'csv', '--out', join(dir, 'tables.csv'), '--no-sanitize');
    expect(result.code, result.err).toBe(0);
    for (const table of ['views', 'samples', 'requests', 'alerts', 'actions']) expect(result.out).toContain(join(dir, `tables.${table}.csv`));
    expect(result.out).toContain('not sanitized: full export');
    expect(parseCsv(readFileSync(join(dir, 'tables.requests.csv'), 'utf8'))).toHaveLength(data.requests.length + 1);
  });

  it('writes OTLP traces and metrics files, with the same spans again on a second run', async () => {
    const input = await writeExport('otlp.json', collect(exportJson(exportInputFrom(data), { sanitize: false })));
    const first = await run(input, '--format', 'otlp');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(join(dir, 'otlp.otlp-traces.json'));
    expect(first.out).toContain(join(dir, 'otlp.otlp-metrics.json'));
    const traces = readFileSync(join(dir, 'otlp.otlp-traces.json'), 'utf8');
    expect(JSON.parse(traces).resourceSpans[0].scopeSpans[0].spans).toHaveLength(data.views.length + data.requests.length);
    expect(JSON.parse(readFileSync(join(dir, 'otlp.otlp-metrics.json'), 'utf8')).resourceMetrics[0].scopeMetrics[0].metrics.length).toBeGreaterThan(0);
    expect((await run(input, '--format', 'otlp')).code).toBe(0);
    expect(readFileSync(join(dir, 'otlp.otlp-traces.json'), 'utf8')).toBe(traces);
  });

  it('converts a HAR to a session JSON, and refuses HAR to CSV', async () => {
    const input = await writeExport('net.har', collect(exportHar(exportInputFrom(data), { sanitize: false })));
    const result = await run(input, '--format', 'json', '--out', join(dir, 'from-har.json'));
    expect(result.code, result.err).toBe(0);
    const imported = await importSession(readFileSync(join(dir, 'from-har.json'), 'utf8'));
    expect(imported.requests).toHaveLength(data.requests.length);
    const refused = await run(input, '--format', 'csv');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is a HAR file, which converts to json, trace, report, otlp, not csv/);
  });

  it('explains bad arguments and invalid files with exit code 2', async () => {
    expect((await run('--help')).out).toMatch(/^Usage: npm run export -- FILE --format json\|csv\|har\|trace\|report/);
    const cases: [string[], RegExp][] = [
      [[], /no input FILE given/],
      [['a.json'], /--format is required/],
      [['a.json', '--format', 'pdf'], /unknown --format "pdf"/],
      [['a.json', '--format', 'har', '--bogus'], /Unknown option '--bogus'/],
      [[join(dir, 'missing.json'), '--format', 'har'], /cannot read .*missing\.json \(does it exist\?\)/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
    }
    const broken = await writeExport('broken.json', Promise.resolve('{"format":"admin-performance-session","version":1,"session":{}}'));
    const result = await run(broken, '--format', 'har');
    expect(result.code).toBe(2);
    expect(result.err).toBe(`error: ${broken}: exportedAt: missing`);
    const unwritable = await run(await writeExport('ok.json', collect(exportJson(exportInputFrom(data)))), '-f', 'har', '-o', join(dir, 'no/such/dir/x.har'));
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toMatch(/cannot write .*x\.har/);
  });

  it('runs as a command, with its exit code', async () => {
    const failed = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/export.ts', join(dir, 'missing.json'), '--format', 'har'], {
      cwd: join(import.meta.dirname, '../../..'),
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read .*missing\.json/) });
  });
});
