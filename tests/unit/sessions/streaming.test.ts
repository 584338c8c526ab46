/**
 * A one-hour session with 100,000 samples and 20,000 requests through every exporter. The
 * output is consumed chunk by chunk and only counted: no exporter may hand over the whole
 * file as one string. Times (export only, the session is generated first) are reported, not
 * asserted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from '../../../src/core/model';
import { exportJson } from '../../../src/core/sessions/export/json';
import { EXPORT_FORMATS } from '../../../src/core/sessions/export/registry';
import { importSession } from '../../../src/core/sessions/import/index';
import { utf8Length } from '../../../src/core/sessions/import/read';
import { CHUNK_CHARS } from '../../../src/core/sessions/stream';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSyntheticSession } from '../../fixtures/sessions/synthetic';

const SIZE = { samples: 100_000, requests: 20_000, views: 120, alerts: 300 };

describe('streaming export of a large session', () => {
  let data: SessionData;
  beforeAll(() => {
    const started = performance.now();
    data = createSyntheticSession({ seed: 3, durationMs: 60 * 60 * 1000, ...SIZE });
    console.log(`[export] generated the session in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format.id}: ${SIZE.samples.toLocaleString('en-US')} samples + ${SIZE.requests.toLocaleString('en-US')} requests, in chunks`, async () => {
      const input = exportInputFrom(data);
      const started = performance.now();
      let bytes = 0;
      let chunks = 0;
      let largest = 0;
      let tail = '';
      for (const file of format.files(input)) {
        for await (const chunk of file.chunks) {
          bytes += utf8Length(chunk);
          chunks++;
          largest = Math.max(largest, chunk.length);
          tail = chunk.slice(-16);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `[export ${format.id}] ${(bytes / 1024 / 1024).toFixed(1)} MB in ${chunks} chunks (largest ${(largest / 1024).toFixed(0)} K chars), ${seconds.toFixed(2)} s`,
      );
      expect(bytes).toBeGreaterThan(0);
      expect(tail.trimEnd().endsWith(format.id === 'report' ? '</html>' : format.id === 'csv' ? '' : '}')).toBe(true);
      if (format.id !== 'report') {
        // Chunks are about CHUNK_CHARS: the output never exists as one string.
        expect(largest).toBeLessThan(CHUNK_CHARS + 16 * 1024);
        expect(chunks).toBeGreaterThan(bytes / (CHUNK_CHARS * 4));
      } else {
        // The report keeps only top-N lists and a compacted chart: it stays small.
        expect(bytes).toBeLessThan(512 * 1024);
      }
    });
  }

  it('imports the JSON export of it back', async () => {
    const parts: string[] = [];
    for await (const chunk of exportJson(exportInputFrom(data), { sanitize: false })) parts.push(chunk);
    const started = performance.now();
    const imported = await importSession(parts);
    console.log(`[import json] ${SIZE.samples + SIZE.requests} records in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(imported.samples).toHaveLength(SIZE.samples);
    expect(imported.requests).toHaveLength(SIZE.requests);
  });
});
