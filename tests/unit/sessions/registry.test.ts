import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, findExportFormat, startExport } from '../../../src/core/sessions/export/registry';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession } from '../../fixtures/sessions/secrets';
import { collect } from './helpers';

const EXPORT_DIR = new URL('../../../src/core/sessions/export/', import.meta.url);

describe('export registry', () => {
  it('registers every exporter file of the export folder, once', () => {
    const files = readdirSync(EXPORT_DIR)
      .filter((name) => name.endsWith('.ts') && name !== 'registry.ts')
      .map((name) => name.replace(/\.ts$/, ''));
    expect([...EXPORT_FORMATS.map((format) => format.id)].sort()).toEqual(files.sort());
    expect(new Set(EXPORT_FORMATS.map((format) => format.id)).size).toBe(EXPORT_FORMATS.length);
  });

  it('describes each format for a menu and a file name', () => {
    for (const format of EXPORT_FORMATS) {
      expect(format.title).not.toBe('');
      expect(format.description.length).toBeGreaterThan(10);
      expect(format.extension).toMatch(/^[a-z]+$/);
      expect(format.mimeType).toMatch(/^[a-z]+\/[a-z.+-]+$/);
    }
    expect(findExportFormat('har')?.extension).toBe('har');
    expect(findExportFormat('nope')).toBeUndefined();
  });

  it('startExport gives the files and the counts of what was removed once consumed', async () => {
    const { files, sanitizer } = startExport('csv', exportInputFrom(createSecretSession()));
    expect(files.map((file) => file.suffix)).toEqual(['.views.csv', '.samples.csv', '.requests.csv', '.alerts.csv', '.actions.csv']);
    for (const file of files) await collect(file.chunks);
    expect(sanitizer.active).toBe(true);
    expect(sanitizer.removed.secretParams).toBeGreaterThan(0);
    const full = startExport('json', exportInputFrom(createSecretSession()), { sanitize: false });
    expect(full.sanitizer.active).toBe(false);
  });
});
