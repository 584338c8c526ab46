import { describe, expect, it } from 'vitest';
import { exportJson } from '../../../src/core/sessions/export/json';
import { importSession, importSessionWithFormat, ImportError } from '../../../src/core/sessions/import/index';
import { sanitizeSessionData } from '../../../src/core/sessions/sanitize';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession } from '../../fixtures/sessions/secrets';
import { collect, EXPORTED_AT, smallSession } from './helpers';

async function exportText(options: Parameters<typeof exportJson>[1] = {}, data = smallSession()) {
  return collect(exportJson(exportInputFrom(data), { now: EXPORTED_AT, ...options }));
}

async function importError(text: string | Uint8Array | string[], options = {}): Promise<ImportError> {
  try {
    await importSession(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected the import to fail');
}

describe('JSON export', () => {
  it('writes the format header, the session and every table', async () => {
    const data = smallSession();
    const parsed = JSON.parse(await exportText({ sanitize: false }, data));
    expect(parsed).toMatchObject({
      format: 'admin-performance-session',
      version: 1,
      exportedAt: new Date(EXPORTED_AT).toISOString(),
      sanitized: false,
      removed: { cookieHeaders: 0, authHeaders: 0, secretParams: 0, urlCredentials: 0 },
    });
    expect(parsed.samples).toHaveLength(data.samples.length);
    expect(parsed.requests).toHaveLength(data.requests.length);
    expect(parsed.views).toHaveLength(data.views.length);
    expect(parsed.alerts).toHaveLength(data.alerts.length);
  });

  it('says it was sanitized and what was removed', async () => {
    const parsed = JSON.parse(await exportText({}, createSecretSession()));
    expect(parsed.sanitized).toBe(true);
    expect(parsed.removed.cookieHeaders).toBe(2);
    expect(parsed.removed.authHeaders).toBe(5);
    expect(parsed.removed.secretParams).toBeGreaterThan(8);
    expect(parsed.removed.urlCredentials).toBe(1);
  });

  it('writes an empty session as valid JSON', async () => {
    const data = { ...smallSession(), views: [], samples: [], requests: [], alerts: [] };
    expect(JSON.parse(await exportText({ sanitize: false }, data)).samples).toEqual([]);
  });
});

describe('JSON round trip', () => {
  it('imports a full export back into identical data', async () => {
    const data = smallSession();
    const text = await exportText({ sanitize: false }, data);
    const imported = await importSession(text, { preserveIdentity: true });
    expect(imported).toStrictEqual(data);
  });

  it('imports a sanitized export back into the sanitized data', async () => {
    const data = createSecretSession();
    const imported = await importSession(await exportText({}, data), { preserveIdentity: true });
    expect(imported).toStrictEqual(sanitizeSessionData(data).data);
  });

  it('reads the file in byte chunks split inside multi-byte characters', async () => {
    const data = smallSession();
    data.session.name = 'Café ✓ — 日本語 🚀';
    const bytes = new TextEncoder().encode(await exportText({ sanitize: false }, data));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const imported = await importSession(chunks, { preserveIdentity: true });
    expect(imported).toStrictEqual(data);
  });

  it('gives an import a new identity by default', async () => {
    const data = smallSession();
    const text = await exportText({ sanitize: false }, data);
    const { format, data: imported } = await importSessionWithFormat(text, { createId: () => 'new-id' });
    expect(format).toBe('json');
    expect(imported.session).toMatchObject({ id: 'new-id', tabId: -1, origin: 'imported-json', name: data.session.name });
    expect(imported.session.counts).toEqual({
      views: data.views.length,
      samples: data.samples.length,
      requests: data.requests.length,
      alerts: data.alerts.length,
    });
    expect(imported.session.bytes).toBe(new TextEncoder().encode(text).length);
    expect(imported.views.every((view) => view.sessionId === 'new-id' && view.id.startsWith('new-id/'))).toBe(true);
    const viewIds = new Set(imported.views.map((view) => view.id));
    expect(imported.samples.every((sample) => viewIds.has(sample.viewId))).toBe(true);
    expect(imported.requests.every((request) => viewIds.has(request.viewId))).toBe(true);
    expect(imported.alerts[0]?.id).toBe(`new-id/${data.alerts[0]?.id}`);
    // Apart from identity, the data is the same.
    expect(imported.requests.map(({ viewId: _, ...rest }) => rest)).toStrictEqual(data.requests.map(({ viewId: _, ...rest }) => rest));
  });
});

describe('JSON import errors', () => {
  it('names the field, what was expected and what it got', async () => {
    const parsed = JSON.parse(await exportText({ sanitize: false }));
    parsed.requests[3].duration = 'abc';
    const error = await importError(JSON.stringify(parsed));
    expect(String(error)).toBe('ImportError: requests[3].duration: expected a number, got "abc"');
  });

  it('names a missing field and a wrong enum value', async () => {
    const parsed = JSON.parse(await exportText({ sanitize: false }));
    delete parsed.session.startTime;
    expect((await importError(JSON.stringify(parsed))).message).toBe('session.startTime: missing');
    const other = JSON.parse(await exportText({ sanitize: false }));
    other.samples[0].kind = 'gpu';
    expect((await importError(JSON.stringify(other))).message).toBe('samples[0].kind: expected one of "vital" | "loaf" | "memory", got "gpu"');
  });

  it('refuses other versions and unknown formats', async () => {
    const parsed = JSON.parse(await exportText({ sanitize: false }));
    parsed.version = 2;
    expect((await importError(JSON.stringify(parsed))).message).toMatch(/^unsupported export version 2; .* reads version 1$/);
    expect((await importError('{"format":"something-else"}')).message).toBe('not an Admin Performance export: unknown format "something-else"');
  });

  it('says what a file that is neither format lacks', async () => {
    expect((await importError('{"hello":1}')).message).toBe('not a HAR or Admin Performance export: missing "log"');
    expect((await importError('[1,2]')).message).toBe('not a HAR or Admin Performance export: expected a JSON object, got an array');
    expect((await importError('{"traceEvents":[]}')).message).toMatch(/Chrome trace/);
  });

  it('refuses truncated, empty and binary files', async () => {
    const text = await exportText({ sanitize: false });
    expect((await importError(text.slice(0, text.length / 2))).message).toMatch(/^not valid JSON \(.*\); is the file complete\?$/);
    expect((await importError('  \n')).message).toBe('the file is empty');
    expect((await importError(new Uint8Array([0x1f, 0x8b, 0x08, 0xff, 0xfe]))).message).toMatch(/not UTF-8/);
  });

  it('refuses a file over the size limit, naming the limit, before reading it all', async () => {
    const text = await exportText({ sanitize: false });
    expect((await importError(text, { maxBytes: 64 * 1024 })).message).toMatch(/larger than the import limit of 64 KiB/);
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield 'x'.repeat(1024);
      }
    }
    const error = await importSession(endless(), { maxBytes: 10 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(String(error)).toBe('ImportError: the file is larger than the import limit of 10 MiB; export a shorter session, or split it');
    expect(pulled).toBe(10 * 1024 + 1);
  });
});
