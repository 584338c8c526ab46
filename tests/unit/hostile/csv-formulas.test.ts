/** Every CSV the product writes goes through one writer, and no cell of it runs as a formula. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation, type SimulationConfig } from '../../../src/core/simulator/index';
import { exportCsv, CSV_TABLES } from '../../../src/core/sessions/export/csv';
import { importSession } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { resultRows, simulationCsv } from '../../../src/panel/simulate/export';
import { collect, parseCsv, smallSession } from '../sessions/helpers';

const FORMULAS = ['=HYPERLINK("https://evil.test","click")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1', '＝1+1'];
const dangerous = (cell: string) => /^[=+\-@\t\r＝＋－＠]/.test(cell);

describe('hostile CSV cells', () => {
  it('the simulation CSV guards formulas in endpoint names (as a HAR-imported method would make them)', () => {
    const config: SimulationConfig = {
      seed: 1,
      durationMs: 20_000,
      workload: {
        name: 'hostile',
        endpoints: FORMULAS.map((name) => ({ name, weight: 1, service: { type: 'constant' as const, valueMs: 10 } })),
        model: { kind: 'closed', users: 5, thinkTime: { type: 'exponential', meanMs: 500 } },
      },
      pool: { instances: 1, workersPerInstance: 2 },
    };
    const result = runSimulation(config);
    const csv = simulationCsv({ session: null, run: { config, result, wallMs: 1 }, comparison: null });
    const cells = parseCsv(csv).flat();
    expect(cells.filter(dangerous)).toEqual([]);
    for (const formula of FORMULAS) expect(cells).toContain(`'${formula}`);
    expect(resultRows('run', result)).toHaveLength(1 + FORMULAS.length + result.instances.length);
  });

  it('the session CSV guards formulas in every text column', async () => {
    const data = smallSession({ detailedShare: 1 });
    data.requests.forEach((request, i) => {
      request.method = FORMULAS[i % FORMULAS.length]!;
      request.mimeType = FORMULAS[(i + 1) % FORMULAS.length]!;
    });
    data.views[0]!.url = '=cmd';
    const tables = exportCsv(exportInputFrom(data), { sanitize: false });
    for (const table of CSV_TABLES) expect(parseCsv(await collect(tables[table])).flat().filter(dangerous), table).toEqual([]);
  });

  it('a HAR whose method is a formula never gets as far as a CSV', async () => {
    const har = { log: { entries: [{ startedDateTime: '2025-01-01T00:00:00Z', time: 1, request: { method: '=HYPERLINK("x")', url: 'https://a.test/' } }] } };
    await expect(importSession(JSON.stringify(har))).rejects.toThrow(/request\.method: expected an HTTP method/);
  });

  it('no source file writes CSV by hand: one writer (src/core/csv/writer.ts) for the product', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(entry.name) && path !== join('src', 'core', 'csv', 'writer.ts')) {
          // RFC 4180 quoting by hand: doubling quotes for a CSV field.
          if (/replace\(\/"\/g, '""'\)/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});
