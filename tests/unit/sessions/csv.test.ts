import { describe, expect, it } from 'vitest';
import type { RequestRecord, SessionData } from '../../../src/core/model';
import { CSV_TABLES, exportCsv } from '../../../src/core/sessions/export/csv';
import { csvField } from '../../../src/core/csv/writer';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect, parseCsv, smallSession } from './helpers';

async function tables(data: SessionData, sanitize = false) {
  const streams = exportCsv(exportInputFrom(data), { sanitize });
  const out: Record<string, string[][]> = {};
  for (const name of CSV_TABLES) {
    const text = await collect(streams[name]);
    expect(text.endsWith('\r\n')).toBe(true);
    out[name] = parseCsv(text);
  }
  return out as Record<(typeof CSV_TABLES)[number], string[][]>;
}

function rowsAsObjects(table: string[][]): Record<string, string>[] {
  const [header = [], ...rows] = table;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

function trickySession(): SessionData {
  const data = smallSession();
  const request = data.requests[0] as RequestRecord;
  data.requests[0] = {
    ...request,
    url: 'https://admin.example.test/api/search?q=a,b&name="quoted"',
    mimeType: 'text/plain; charset="utf-8"',
    serverTiming: [{ name: 'db', duration: 12.5, description: 'line one\r\nline two, "three"' }],
  };
  data.alerts[0] = { ...data.alerts[0]!, message: 'Multi-line\nmessage, with "quotes"\rand a CR' };
  data.views[0] = { ...data.views[0]!, url: '=HYPERLINK("http://evil.test")' };
  return data;
}

describe('CSV export', () => {
  it('writes one table per kind of record with unit-suffixed headers', async () => {
    const data = smallSession();
    const out = await tables(data);
    expect(out.samples[0]).toContain('t_epoch_ms');
    expect(out.samples[0]).toContain('frame_duration_ms');
    expect(out.samples[0]).toContain('heap_used_bytes');
    expect(out.requests[0]).toEqual(expect.arrayContaining(['duration_ms', 'transfer_size_bytes', 'decoded_body_size_bytes', 'route']));
    expect(out.alerts[0]).toEqual(['alert_id', 't_epoch_ms', 'view_id', 'rule_id', 'metric', 'value', 'threshold', 'severity', 'message', 'unit', 'url', 'cleared_epoch_ms', 'acknowledged_epoch_ms']);
    expect(out.samples).toHaveLength(data.samples.length + 1);
    expect(out.requests).toHaveLength(data.requests.length + 1);
    expect(out.alerts).toHaveLength(data.alerts.length + 1);
    expect(out.views).toHaveLength(data.views.length + 1);
    for (const table of Object.values(out)) {
      const width = table[0]?.length;
      expect(table.every((row) => row.length === width)).toBe(true);
    }
  });

  it('keeps values exact, with the other kinds’ columns empty', async () => {
    const data = smallSession();
    const rows = rowsAsObjects((await tables(data)).samples);
    const readBack = rows.map((row) => {
      const base = { kind: row.kind, t: Number(row.t_epoch_ms), viewId: row.view_id };
      if (row.kind === 'memory') return { ...base, heapUsed: Number(row.heap_used_bytes), vital: row.vital_name };
      if (row.kind === 'loaf') return { ...base, duration: Number(row.frame_duration_ms), scripts: JSON.parse(row.frame_scripts_json!) };
      return { ...base, value: Number(row.vital_value), unit: row.vital_unit, attribution: JSON.parse(row.vital_attribution_json!) };
    });
    const expected = data.samples.map((sample) => {
      const base = { kind: sample.kind, t: sample.t, viewId: sample.viewId };
      if (sample.kind === 'memory') return { ...base, heapUsed: sample.heapUsed, vital: '' };
      if (sample.kind === 'loaf') return { ...base, duration: sample.duration, scripts: sample.scripts };
      return { ...base, value: sample.value, unit: sample.name === 'CLS' ? 'score' : 'ms', attribution: sample.attribution };
    });
    expect(readBack).toEqual(expected);
  });

  it('quotes commas, quotes, CR and LF so an RFC 4180 parser reads them back', async () => {
    const data = trickySession();
    const out = await tables(data);
    const request = rowsAsObjects(out.requests)[0]!;
    expect(request.url).toBe(data.requests[0]!.url);
    expect(request.mime_type).toBe('text/plain; charset="utf-8"');
    expect(request.server_timing).toBe('db;dur=12.5;desc="line one\\r\\nline two, \\"three\\""');
    expect(rowsAsObjects(out.alerts)[0]!.message).toBe(data.alerts[0]!.message);
    expect(Number(request.duration_ms)).toBe(data.requests[0]!.duration);
    expect(request.route).toBe('/api/search');
  });

  it('defuses text a spreadsheet would run as a formula', async () => {
    const out = await tables(trickySession());
    expect(rowsAsObjects(out.views)[0]!.url).toBe(`'=HYPERLINK("http://evil.test")`);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(-12)).toBe('-12');
  });

  it('formats fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(Number.NaN)).toBe('');
  });
});
