/**
 * The streaming session importer: the same session as the whole-file reader for the same file
 * (JSON export and HAR), the same errors, records handed out in batches with the session row
 * last, and bytes cut anywhere (inside multi-byte characters too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionData } from '../../../src/core/model';
import {
  exportHar,
  exportInputFrom,
  exportJson,
  ImportError,
  importSessionStream,
  importSessionWithFormat,
  sessionWithEnd,
  type StreamingImportOptions,
} from '../../../src/core/sessions/index';
import { byteChunks, collect, EXPORTED_AT, memorySink, smallSession } from './helpers';

const options = (extra: Partial<StreamingImportOptions> = {}): StreamingImportOptions => ({ sessionId: 'new-id', ...extra });

async function streamed(source: Iterable<Uint8Array | string>, extra: Partial<StreamingImportOptions> = {}) {
  const memory = memorySink();
  const result = await importSessionStream(source, memory.sink, options(extra));
  return { ...memory, result };
}

async function streamError(source: Iterable<Uint8Array | string>, extra: Partial<StreamingImportOptions> = {}): Promise<{ error: ImportError; finished: boolean }> {
  const memory = memorySink();
  try {
    await importSessionStream(source, memory.sink, options(extra));
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return { error: error as ImportError, finished: memory.state.session !== null };
  }
  throw new Error('expected the import to fail');
}

async function wholeFileError(text: string): Promise<string> {
  try {
    await importSessionWithFormat(text, { createId: () => 'new-id' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the whole-file import to fail');
}

describe('importSessionStream', () => {
  it('stores the same session as the whole-file reader, in batches, the session row last', async () => {
    const data = smallSession({ alerts: 6 });
    data.session.endTime = null; // exported while recording: the import ends it at its last record
    const text = await collect(exportJson(exportInputFrom(data), { now: EXPORTED_AT, sanitize: false }));
    const whole = await importSessionWithFormat(text, { createId: () => 'new-id' });
    const { batches, state, data: got, result } = await streamed(byteChunks(text, 4096), { batchSize: 100 });
    expect(result.format).toBe('json');
    expect(got()).toEqual({ ...whole.data, session: sessionWithEnd(whole.data) });
    expect(result.session).toEqual(state.session);
    expect(state.session!.bytes).toBe(new TextEncoder().encode(text).byteLength);
    expect(state.writesBeforeFinish).toBeGreaterThan(5);
    for (const batch of batches.slice(0, -1)) {
      const n = batch.views.length + batch.samples.length + batch.requests.length + batch.alerts.length;
      // A batch is handed over after the chunk that filled it: at most one chunk's records more.
      expect(n).toBeGreaterThanOrEqual(100);
      expect(n).toBeLessThan(100 + 40);
    }
  });

  it('reads bytes cut inside multi-byte characters and \\u escapes', async () => {
    const data = smallSession({ samples: 20, requests: 10 });
    data.session.name = 'Café 😀 — «tableau» \u2028 \\ "q"';
    data.requests[3]!.url = 'https://example.test/ünïcode/😀?q=\u00e9';
    const text = await collect(exportJson(exportInputFrom(data), { now: EXPORTED_AT, sanitize: false }));
    const whole = await importSessionWithFormat(text, { createId: () => 'new-id' });
    const escaped = text.replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const { data: got } = await streamed(byteChunks(text, size));
      expect(got().session.name).toBe(data.session.name);
      expect(got().requests).toEqual(whole.data.requests);
      const { data: fromEscaped } = await streamed(byteChunks(escaped, size));
      expect(fromEscaped().requests[3]!.url).toBe(data.requests[3]!.url);
    }
  });

  it('imports a HAR like the whole-file reader (streamed, stored in batches; more in har-stream.test.ts)', async () => {
    const har = readFileSync(join(import.meta.dirname, '../../fixtures/sessions/chrome-network.har'), 'utf8');
    const whole = await importSessionWithFormat(har, { createId: () => 'new-id' });
    const { data: got, result } = await streamed(byteChunks(har, 1000), { batchSize: 10 });
    expect(result.format).toBe('har');
    expect(got()).toEqual({ ...whole.data, session: sessionWithEnd(whole.data) });

    const ours = await collect(exportHar(exportInputFrom(smallSession()), { now: EXPORTED_AT }));
    const wholeOurs = await importSessionWithFormat(ours, { createId: () => 'new-id' });
    expect((await streamed([ours])).data()).toEqual({ ...wholeOurs.data, session: sessionWithEnd(wholeOurs.data) });
  });

  it('reads items that come before the format and version (another writer\'s key order)', async () => {
    const data = smallSession({ samples: 30, requests: 5 });
    const parsed = JSON.parse(await collect(exportJson(exportInputFrom(data), { now: EXPORTED_AT, sanitize: false })));
    const { format, version, ...rest } = parsed;
    const reordered = JSON.stringify({ ...rest, format, version });
    const whole = await importSessionWithFormat(reordered, { createId: () => 'new-id' });
    expect((await streamed([reordered])).data()).toEqual({ ...whole.data, session: sessionWithEnd(whole.data) });
  });

  it('gives the same message as the whole-file reader for a wrong field, anywhere in the file', async () => {
    const data = smallSession();
    const parsed = JSON.parse(await collect(exportJson(exportInputFrom(data), { now: EXPORTED_AT, sanitize: false })));
    const cases: [string, (doc: Record<string, any>) => void][] = [
      ['a sample\'s time', (doc) => (doc.samples[412].t = 'abc')],
      ['a request\'s duration', (doc) => (doc.requests[249].duration = -1)],
      ['a view\'s kind', (doc) => (doc.views[3].kind = 'medium')],
      ['an alert\'s severity', (doc) => (doc.alerts[1].severity = 'meh')],
      ['a missing sample field', (doc) => delete doc.samples[0].viewId],
      ['the session', (doc) => (doc.session.startTime = 'yesterday')],
      ['the version', (doc) => (doc.version = 2)],
      ['the format', (doc) => (doc.format = 'other')],
      ['a list', (doc) => (doc.requests = 5)],
      ['a missing list', (doc) => delete doc.alerts],
    ];
    for (const [what, change] of cases) {
      const doc = structuredClone(parsed);
      change(doc);
      const text = JSON.stringify(doc);
      const expected = await wholeFileError(text);
      const { error, finished } = await streamError(byteChunks(text, 999), { batchSize: 50 });
      expect(finished, what).toBe(false);
      if (what === 'a list' || what === 'a missing list') expect(error.message, what).toMatch(/^(requests: expected an array, got number|alerts: missing)$/);
      else expect(error.message, what).toBe(expected);
    }
  });

  it('says where corrupt or truncated JSON goes wrong, and never finishes', async () => {
    const text = await collect(exportJson(exportInputFrom(smallSession()), { now: EXPORTED_AT, sanitize: false }));
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('{"kind":"request"')) + 7;
    lines[line] = lines[line]!.replace('"cached":', '"cached" ');
    const corrupt = await streamError(byteChunks(lines.join('\n'), 300));
    expect(corrupt.finished).toBe(false);
    expect(corrupt.error.message).toMatch(new RegExp(`^not valid JSON \\(unexpected "t" \\(expected a colon\\) at line ${line + 1}, column \\d+ \\(character \\d+\\), in requests\\[7\\]\\.cached\\)$`));

    const truncated = await streamError(byteChunks(text.slice(0, Math.floor(text.length * 0.6)), 300));
    expect(truncated.finished).toBe(false);
    expect(truncated.error.message).toMatch(/^not valid JSON \(the text ends before the JSON does.* at line \d+, column \d+ \(character \d+\), in (samples|requests)\[\d+\]\); is the file complete\?$/);

    expect((await streamError([''])).error.message).toMatch(/^not valid JSON \(the text is empty/);
    expect((await streamError(['[1,2]'])).error.message).toBe('not a HAR or Admin Performance export: expected a JSON object, got an array');
    expect((await streamError(['{"traceEvents":[]}'])).error.message).toMatch(/Chrome trace/);
  });

  it('refuses bytes that are not UTF-8 and files over the limit, saying where', async () => {
    const bytes = new TextEncoder().encode('{"format":"admin-performance-session","version":1,"x":"');
    const bad = await streamError([bytes, new Uint8Array([0xff, 0xfe, 0x22, 0x7d])]);
    expect(bad.error.message).toBe(`the file is not UTF-8 text (bytes ${bytes.length + 1}–${bytes.length + 4} are not) (is it compressed or binary?)`);
    const big = await streamError([new Uint8Array(600).fill(0x20), new Uint8Array(600).fill(0x20)], { maxBytes: 1000 });
    expect(big.error.message).toMatch(/larger than the import limit/);
  });
});
