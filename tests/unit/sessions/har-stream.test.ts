/**
 * A HAR imported streaming gives the session the whole-file reader (importHar, which the CLI
 * uses) gives: for pages before, after or without entries, entries without or with an unknown
 * pageref, Chrome's HAR and ours, bytes cut anywhere, with or without a second read. The same
 * errors with their paths, nothing finished on an error, progress rising to the file's size,
 * and batches no larger than one batch and one chunk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestRecord, SessionData } from '../../../src/core/model';
import {
  exportHar,
  exportInputFrom,
  exportJson,
  ImportError,
  importSessionStream,
  importSessionWithFormat,
  type ImportRecords,
  type StreamingImportOptions,
} from '../../../src/core/sessions/index';
import { byteChunks, collect, EXPORTED_AT, memorySink, smallSession } from './helpers';

/** Requests by time, records at the same time in the order they came (as the store's readers merge them). */
const stableByTime = (requests: RequestRecord[]) =>
  requests.map((r, i) => [r, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([r]) => r);

interface Streamed {
  data: SessionData;
  writes: number;
  batches: ImportRecords[];
  reads: number;
  progress: number[];
}

async function stream(text: string, options: { chunk?: number; batchSize?: number; reread?: boolean } = {}): Promise<Streamed> {
  const memory = memorySink();
  const chunks = byteChunks(text, options.chunk ?? 1000);
  let reads = 1;
  const progress: number[] = [];
  const extra: Partial<StreamingImportOptions> = options.reread === false ? {} : { reread: () => (reads++, chunks) };
  const result = await importSessionStream(chunks, memory.sink, {
    sessionId: 'new-id',
    batchSize: options.batchSize ?? 50,
    onProgress: (bytes) => progress.push(bytes),
    ...extra,
  });
  expect(result.format).toBe('har');
  expect(result.session).toEqual(memory.state.session);
  return {
    data: memory.data(),
    writes: memory.state.writesBeforeFinish,
    batches: memory.batches,
    reads,
    progress,
  };
}

async function whole(text: string): Promise<SessionData> {
  const { format, data } = await importSessionWithFormat(text, { createId: () => 'new-id' });
  expect(format).toBe('har');
  return data;
}

async function expectSame(text: string, options: Parameters<typeof stream>[1] = {}): Promise<Streamed> {
  const expected = await whole(text);
  const got = await stream(text, options);
  expect(got.data.session).toEqual(expected.session);
  expect(got.data.views).toEqual(expected.views);
  expect(stableByTime(got.data.requests)).toEqual(expected.requests);
  expect(got.data.samples).toEqual([]);
  expect(got.data.alerts).toEqual([]);
  return got;
}

/** Layouts of a HAR's `log`: where its pages are, if anywhere. */
type Layout = 'pages-first' | 'entries-first' | 'no-pages' | 'empty-pages-last';

/** The HAR text of `log` with its keys in the layout's order (another writer's order). */
function harText(log: { pages?: unknown[]; entries: unknown[]; [key: string]: unknown }, layout: Layout, indent?: number): string {
  const { pages = [], entries, ...rest } = log;
  const ordered =
    layout === 'pages-first'
      ? { ...rest, pages, entries }
      : layout === 'entries-first'
        ? { ...rest, entries, pages }
        : layout === 'no-pages'
          ? { ...rest, entries }
          : { ...rest, entries, pages: [] };
  return JSON.stringify({ log: ordered }, null, indent);
}

const LAYOUTS: Layout[] = ['pages-first', 'entries-first', 'no-pages', 'empty-pages-last'];
const T0 = Date.UTC(2025, 1, 10, 14, 0, 0);
const iso = (t: number) => new Date(t).toISOString();

const pageArb = fc.record({
  id: fc.constantFrom('p0', 'p1', 'p2', 'p3'),
  startedDateTime: fc.integer({ min: 0, max: 60_000 }).map((dt) => iso(T0 + dt)),
  title: fc.option(fc.constantFrom('https://admin.example.test/orders', 'Orders', ''), { nil: undefined }),
  _url: fc.option(fc.constantFrom('https://admin.example.test/users'), { nil: undefined }),
});
const duration = fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 5000, noNaN: true }));
const entryArb = fc.record({
  pageref: fc.option(fc.constantFrom('p0', 'p1', 'p2', 'p3', 'unknown'), { nil: undefined }),
  startedDateTime: fc.integer({ min: -5000, max: 70_000 }).map((dt) => iso(T0 + dt)),
  time: fc.option(duration, { nil: undefined }),
  request: fc.record({
    method: fc.constantFrom('GET', 'POST'),
    url: fc.constantFrom('https://admin.example.test/', 'https://admin.example.test/app.js', 'https://api.example.test/orders?page=2', 'https://cdn.example.test/é.png'),
    httpVersion: fc.constantFrom('http/2.0', 'HTTP/1.1', 'h3'),
  }),
  response: fc.option(
    fc.record({
      status: fc.constantFrom(200, 304, 404, -1),
      headers: fc.constantFrom([], [{ name: 'Server-Timing', value: 'db;dur=12.5;desc="Query", app;dur=3' }]),
      content: fc.record({ size: fc.integer({ min: -1, max: 100_000 }), mimeType: fc.constantFrom('text/html', 'application/json') }),
      bodySize: fc.integer({ min: -1, max: 50_000 }),
      headersSize: fc.integer({ min: -1, max: 900 }),
    }),
    { nil: undefined },
  ),
  timings: fc.option(fc.record({ dns: duration, connect: duration, ssl: duration, send: duration, wait: duration, receive: duration }), { nil: undefined }),
  _resourceType: fc.option(fc.constantFrom('document', 'script', 'xhr', 'image', 'fetch'), { nil: undefined }),
  _initiatorType: fc.option(fc.constantFrom('navigation', 'fetch'), { nil: undefined }),
});
const logArb = fc.record({
  version: fc.constant('1.2'),
  creator: fc.constant({ name: 'property test', version: '1' }),
  pages: fc.array(pageArb, { maxLength: 4 }),
  entries: fc.array(entryArb, { maxLength: 40 }),
});

describe('a HAR imported streaming', () => {
  it('is the session importHar gives, for any layout, chunking and batch size', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArb,
        fc.constantFrom(...LAYOUTS),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        async (log, layout, chunk, batchSize, reread) => {
          await expectSame(harText(log, layout, chunk % 2 ? 2 : undefined), { chunk, batchSize, reread });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is importHar's session for Chrome's HAR and ours, in every layout", async () => {
    const chrome = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/sessions/chrome-network.har'), 'utf8'));
    const ours = JSON.parse(await collect(exportHar(exportInputFrom(smallSession({ views: 4, requests: 300 })), { now: EXPORTED_AT, sanitize: false })));
    for (const har of [chrome, ours]) {
      for (const layout of LAYOUTS) {
        for (const reread of [true, false]) {
          const got = await expectSame(harText(har.log, layout, 2), { chunk: 777, batchSize: 40, reread });
          expect(got.reads, `${layout}, reread ${reread}`).toBe(reread && layout !== 'pages-first' ? 2 : 1);
        }
      }
    }
  });

  it('writes batches of at most one batch and one chunk of entries while it reads (pages first, or entries first read twice)', async () => {
    const har = JSON.parse(await collect(exportHar(exportInputFrom(smallSession({ views: 3, requests: 2000 })), { now: EXPORTED_AT, sanitize: false })));
    for (const layout of ['pages-first', 'entries-first'] as const) {
      const text = harText(har.log, layout);
      const chunk = 4096;
      const entryBytes = text.length / har.log.entries.length;
      const got = await expectSame(text, { chunk, batchSize: 100 });
      expect(got.writes, layout).toBeGreaterThan(10);
      for (const batch of got.batches.slice(0, -1)) {
        expect(batch.requests.length).toBeGreaterThanOrEqual(100);
        expect(batch.requests.length).toBeLessThanOrEqual(100 + Math.ceil(chunk / entryBytes) + 1);
      }
      // Progress rises to the file's size, each read counting half when there are two.
      const size = new TextEncoder().encode(text).byteLength;
      expect(got.progress.at(-1)).toBe(size);
      for (let i = 1; i < got.progress.length; i++) expect(got.progress[i]!).toBeGreaterThanOrEqual(got.progress[i - 1]!);
      if (layout === 'entries-first') {
        expect(got.reads).toBe(2);
        const half = got.progress.findIndex((p) => p >= size / 2);
        expect(half).toBeGreaterThan(got.progress.length / 4);
      }
    }
  });

  it('gives the whole-file reader\'s message for a wrong entry or page, with its path, and finishes nothing', async () => {
    const har = JSON.parse(await collect(exportHar(exportInputFrom(smallSession({ views: 3, requests: 400 })), { now: EXPORTED_AT, sanitize: false })));
    const cases: [string, (log: Record<string, any>) => void][] = [
      ['a start time deep in the file', (log) => (log.entries[371].startedDateTime = 'yesterday')],
      ['a negative duration', (log) => (log.entries[250].time = -5)],
      ['a method', (log) => (log.entries[399].request.method = '=cmd()')],
      ['a missing request', (log) => delete log.entries[123].request],
      ['a page id', (log) => (log.pages[2].id = 7)],
      ['entries not a list', (log) => (log.entries = 'none')],
      ['entries missing', (log) => delete log.entries],
    ];
    for (const [what, change] of cases) {
      for (const layout of ['pages-first', 'entries-first'] as const) {
        const log = structuredClone(har.log);
        change(log);
        const text = harText({ entries: undefined as unknown as unknown[], ...log }, layout);
        let expected = '';
        try {
          await importSessionWithFormat(text, { createId: () => 'new-id' });
        } catch (error) {
          expected = (error as Error).message;
        }
        expect(expected, what).toMatch(/^not a valid HAR file: log\./);
        const memory = memorySink();
        const error = await importSessionStream(byteChunks(text, 999), memory.sink, { sessionId: 'new-id', batchSize: 30, reread: () => byteChunks(text, 999) }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${what}, ${layout}`).toBeInstanceOf(ImportError);
        expect((error as Error).message, `${what}, ${layout}`).toBe(expected);
        expect(memory.state.session).toBeNull();
      }
    }
  });

  it("reads a session export's `log` as the whole-file reader does: not as a HAR", async () => {
    const parsed = JSON.parse(await collect(exportJson(exportInputFrom(smallSession({ requests: 30 })), { now: EXPORTED_AT, sanitize: false })));
    const text = JSON.stringify({ ...parsed, log: { entries: [{ startedDateTime: 'not a date' }] } });
    const expected = await importSessionWithFormat(text, { createId: () => 'new-id' });
    const memory = memorySink();
    const result = await importSessionStream(byteChunks(text, 500), memory.sink, { sessionId: 'new-id' });
    expect(result.format).toBe('json');
    expect(memory.batches.flatMap((b) => b.requests)).toEqual(expected.data.requests);
  });

  it('refuses a file that changed between its two reads', async () => {
    const har = JSON.parse(await collect(exportHar(exportInputFrom(smallSession({ requests: 50 })), { now: EXPORTED_AT, sanitize: false })));
    const text = harText(har.log, 'entries-first');
    const memory = memorySink();
    await expect(importSessionStream([text], memory.sink, { sessionId: 'new-id', reread: () => [text + ' '] })).rejects.toThrow('the file changed while it was read; import it again');
    expect(memory.state.session).toBeNull();
  });
});
