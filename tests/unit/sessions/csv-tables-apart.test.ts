/**
 * The panel writes a CSV's samples and requests in workers, each with a sanitizer of its own,
 * and the other tables itself: csvRecordTable must write exportCsv's text for its table, byte
 * for byte, and the sanitizers' counts added together must be exportCsv's, sanitized or not.
 */
import { describe, expect, it } from 'vitest';
import { startExport } from '../../../src/core/sessions/export/registry';
import { csvRecordTable, exportCsv } from '../../../src/core/sessions/export/csv';
import { createSanitizer, resolveSanitizer } from '../../../src/core/sessions/sanitize';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession } from '../../fixtures/sessions/secrets';
import { collect, smallSession } from './helpers';

describe('CSV tables written apart', () => {
  for (const [name, data] of [
    ['secrets', createSecretSession()],
    ['synthetic', smallSession({ views: 4 })],
  ] as const) {
    for (const sanitize of [true, false]) {
      it(`write exportCsv's tables and counts (${name}, ${sanitize ? 'sanitized' : 'full'})`, async () => {
        const whole = startExport('csv', exportInputFrom(data), { sanitize });
        const expected = await Promise.all(whole.files.map((file) => collect(file.chunks)));

        const { files, sanitizer } = startExport('csv', exportInputFrom(data), { sanitize });
        const apart = { samples: sanitize ? createSanitizer() : resolveSanitizer({ sanitize: false }), requests: sanitize ? createSanitizer() : resolveSanitizer({ sanitize: false }) };
        const input = exportInputFrom(data);
        const samples = await collect(csvRecordTable('samples', input.samples, { sanitizer: apart.samples }));
        const requests = await collect(csvRecordTable('requests', input.requests, { sanitizer: apart.requests }));
        // The panel reads only the small tables of its own files.
        const small = await Promise.all([0, 3, 4].map((i) => collect(files[i]!.chunks)));
        sanitizer.add(apart.samples.removed);
        sanitizer.add(apart.requests.removed);
        expect([small[0], samples, requests, small[1], small[2]]).toEqual(expected);
        expect(sanitizer.removed).toEqual(whole.sanitizer.removed);
        if (sanitize && name === 'secrets') expect(apart.requests.removed.authHeaders + apart.requests.removed.cookieHeaders).toBeGreaterThan(0);
      });
    }
  }

  it('is what exportCsv writes for its table', async () => {
    const data = smallSession({ views: 2 });
    const tables = exportCsv(exportInputFrom(data), { sanitize: false });
    expect(await collect(csvRecordTable('samples', data.samples, { sanitize: false }))).toBe(await collect(tables.samples));
  });
});
