import { describe, expect, it } from 'vitest';
import { browserSupport } from '../../../src/core/metrics/browser-support';
import type { SessionData } from '../../../src/core/model';
import { exportCsv } from '../../../src/core/sessions/export/csv';
import { exportJson } from '../../../src/core/sessions/export/json';
import { exportReport } from '../../../src/core/sessions/export/report';
import { importSession } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect, EXPORTED_AT, parseCsv, smallSession } from './helpers';

// Firefox ESR 153's entry types (shared TESTING notes): no layout-shift, no long frames, no heap.
const FIREFOX = browserSupport(['event', 'first-input', 'largest-contentful-paint', 'mark', 'measure', 'navigation', 'paint', 'resource'], false);

/** The synthetic session as Firefox would have captured it: no CLS, no long frames, no heap. */
function firefoxSession(): SessionData {
  const data = structuredClone(smallSession());
  data.session.support = FIREFOX;
  data.views = data.views.map((view) => (view.kind === 'hard' ? { ...view, support: FIREFOX } : view));
  data.samples = data.samples
    .filter((s) => s.kind !== 'loaf' && !(s.kind === 'vital' && s.name === 'CLS'))
    .map((s) => (s.kind === 'memory' ? { ...s, heapUsed: null, heapTotal: null } : s));
  return data;
}

const options = { now: EXPORTED_AT };

describe('exports mark what the browser did not measure as absent', () => {
  it('JSON: "notMeasured" lists them and the session keeps its support record through an import', async () => {
    const text = await collect(exportJson(exportInputFrom(firefoxSession()), options));
    const json = JSON.parse(text) as { notMeasured: string[]; session: SessionData['session'] };
    expect(json.notMeasured).toEqual(['CLS', 'longFrames', 'heap']);
    expect(json.session.support).toEqual(FIREFOX);
    const imported = await importSession(text);
    expect(imported.session.support).toEqual(FIREFOX);
    expect(imported.views.find((v) => v.kind === 'hard')?.support).toEqual(FIREFOX);
  });

  it('CSV: the views table says what was not measured on every view', async () => {
    const rows = parseCsv(await collect(exportCsv(exportInputFrom(firefoxSession()), options).views)).filter((r) => r.length > 1);
    const column = rows[0]!.indexOf('not_measured_in_this_browser');
    expect(column).toBe(rows[0]!.length - 1);
    for (const row of rows.slice(1)) expect(row[column]).toBe('CLS; long animation frames; JS heap');
  });

  it('HTML report: says so plainly instead of zeros', async () => {
    const html = await collect(exportReport(exportInputFrom(firefoxSession()), options));
    expect(html).toContain('Not measured in this browser: CLS (no layout-shift entries), long animation frames (no long-animation-frame or longtask entries), JS heap (no performance.memory).');
    expect(html).toMatch(/<th scope="row">CLS<small>[^<]+<\/small><\/th><td colspan="4" class="muted">not measured in this browser<\/td>/);
    expect(html).toContain('<div class="k">Peak JS heap</div><div class="v">not measured in this browser</div>');
    expect(html).toContain('<div class="k">Long frames</div><div class="v">not measured in this browser</div>');
    expect(html).not.toContain('<div class="k">Long-frame time</div><div class="v">0.0 ms</div>');
  });

  it('a session that does not say (older data, Chromium) marks nothing absent', async () => {
    const data = smallSession();
    const json = JSON.parse(await collect(exportJson(exportInputFrom(data), options))) as { notMeasured: string[] };
    expect(json.notMeasured).toEqual([]);
    const html = await collect(exportReport(exportInputFrom(data), options));
    expect(html).not.toContain('not measured in this browser');
    const rows = parseCsv(await collect(exportCsv(exportInputFrom(data), options).views)).filter((r) => r.length > 1);
    expect(rows.slice(1).every((row) => row.at(-1) === '')).toBe(true);
  });
});
