import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { RequestPhases, SessionData } from '../../../src/core/model';
import { exportHar, harHttpVersion, queryString } from '../../../src/core/sessions/export/har';
import { parseServerTiming, protocolFromHttpVersion } from '../../../src/core/sessions/import/har';
import { importSession, importSessionWithFormat, ImportError } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession } from '../../fixtures/sessions/secrets';
import { collect, EXPORTED_AT, smallSession } from './helpers';

const require = createRequire(import.meta.url);
const harSchemas = require('har-schema') as Record<string, object>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

/** ajv with every har-schema object schema ("har.json#", "entry.json#", ...) registered. */
function harValidator() {
  // har-schema uses draft-06 and non-standard keywords ("min", "optional"); formats are checked by its patterns.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(draft06);
  for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema('har.json#');
  if (!validate) throw new Error('har.json# not registered');
  return validate;
}

async function exportText(data: SessionData, sanitize = false) {
  return collect(exportHar(exportInputFrom(data), { sanitize, now: EXPORTED_AT }));
}

describe('HAR export', () => {
  const validate = harValidator();

  it('is valid HAR 1.2 per har-schema', async () => {
    const har = JSON.parse(await exportText(smallSession({ detailedShare: 0.5 })));
    const valid = validate(har);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is valid for the secrets fixture, sanitized and not', async () => {
    for (const sanitize of [true, false]) {
      expect(validate(JSON.parse(await exportText(createSecretSession(), sanitize))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('has a page per view and every required field of an entry', async () => {
    const data = smallSession({ detailedShare: 1 });
    const { log } = JSON.parse(await exportText(data));
    expect(log.version).toBe('1.2');
    expect(log.creator).toEqual({ name: 'Admin Performance', version: expect.any(String) });
    expect(log.pages.map((page: { id: string }) => page.id)).toEqual(data.views.map((view) => view.id));
    expect(log.pages[0]).toMatchObject({ startedDateTime: new Date(data.views[0]!.startTime).toISOString(), title: data.views[0]!.url, pageTimings: {} });
    expect(log.entries).toHaveLength(data.requests.length);
    const request = data.requests[0]!;
    const entry = log.entries[0];
    expect(entry).toMatchObject({
      pageref: request.viewId,
      startedDateTime: new Date(request.t).toISOString(),
      time: request.duration,
      request: { method: request.method, url: request.url, httpVersion: harHttpVersion(request.protocol), cookies: [], headers: request.requestHeaders, headersSize: -1, bodySize: -1 },
      response: { status: request.status, statusText: '', cookies: [], headers: request.responseHeaders, redirectURL: '', content: { size: request.decodedBodySize, mimeType: request.mimeType } },
      cache: {},
      _initiatorType: request.initiatorType,
      _renderBlocking: request.renderBlocking,
      _serverTiming: request.serverTiming,
    });
    const t = entry.timings;
    for (const key of ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive']) expect(t[key]).toBeGreaterThanOrEqual(-1);
    const sum = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'].reduce((s, key) => s + Math.max(0, t[key]), 0);
    expect(sum).toBeCloseTo(entry.time, 6);
  });

  it('fills cookies from the headers in a full export', async () => {
    const { log } = JSON.parse(await exportText(createSecretSession(), false));
    expect(log.entries[0].request.cookies).toEqual([
      { name: 'sid', value: 'cookieSECRET111' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(log.entries[0].response.cookies).toEqual([{ name: 'sid', value: 'setcookieSECRET222' }]);
    expect(log.entries[0].request.queryString).toEqual([
      { name: 'token', value: 'querytokenSECRET666' },
      { name: 'fields', value: 'name,email' },
    ]);
    expect(log._sanitized).toBe(false);
  });

  it('parses query strings and HTTP versions', () => {
    expect(queryString('https://x.test/a?b=1&c=%20two+three&flag#frag=1')).toEqual([
      { name: 'b', value: '1' },
      { name: 'c', value: ' two three' },
      { name: 'flag', value: '' },
    ]);
    expect(queryString('https://x.test/a')).toEqual([]);
    expect(harHttpVersion('h2')).toBe('HTTP/2');
    expect(harHttpVersion('http/1.1')).toBe('HTTP/1.1');
    expect(protocolFromHttpVersion('http/2.0')).toBe('h2');
    expect(protocolFromHttpVersion('HTTP/3')).toBe('h3');
  });
});

describe('HAR import', () => {
  it('reads our own HAR back: requests, URLs and timings preserved', async () => {
    const data = smallSession({ detailedShare: 0.5 });
    const { format, data: imported } = await importSessionWithFormat(await exportText(data), { createId: () => 's1' });
    expect(format).toBe('har');
    expect(imported.session).toMatchObject({ id: 's1', origin: 'imported-har', tabId: -1 });
    expect(imported.views.map((view) => ({ ...view, id: view.id.replace('s1/', ''), sessionId: 'x' }))).toEqual(
      data.views.map((view) => ({ ...view, sessionId: 'x', startTime: Math.floor(view.startTime) })),
    );
    expect(imported.requests).toHaveLength(data.requests.length);
    // HAR start times have millisecond precision; connect is written with TLS included and read back without it.
    const round = (phases: RequestPhases) => Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]));
    const expected = [...data.requests]
      .sort((a, b) => Math.floor(a.t) - Math.floor(b.t))
      .map((request) => ({ ...request, t: Math.floor(request.t), viewId: `s1/${request.viewId}`, phases: round(request.phases) }));
    expect(imported.requests.map((request) => ({ ...request, phases: round(request.phases) }))).toEqual(expected);
  });

  it("reads Chrome's Network panel HAR", async () => {
    const text = readFileSync(new URL('../../fixtures/sessions/chrome-network.har', import.meta.url), 'utf8');
    const data = await importSession(text, { createId: () => 'c1' });
    expect(data.session).toMatchObject({ origin: 'imported-har', url: 'https://admin.example.test/admin/orders', name: 'HAR: admin.example.test' });
    expect(data.views.map((view) => [view.id, view.url, view.kind])).toEqual([
      ['c1/page_1', 'https://admin.example.test/admin/orders', 'hard'],
      ['c1/page_2', 'https://admin.example.test/admin/users', 'hard'],
    ]);
    const [doc, css, fetch, xhr] = data.requests;
    expect(doc).toMatchObject({
      initiatorType: 'navigation',
      t: Date.parse('2025-02-10T14:03:21.515Z'),
      duration: 187.42,
      status: 200,
      protocol: 'h2',
      transferSize: 12480,
      decodedBodySize: 48213,
      cached: false,
      method: 'GET',
      mimeType: 'text/html',
      serverTiming: [
        { name: 'db', duration: 53.2, description: 'Orders query' },
        { name: 'app', duration: 12, description: '' },
      ],
    });
    expect(doc!.phases.dns).toBe(11.2);
    expect(doc!.phases.tls).toBe(14.9);
    expect(doc!.phases.connect).toBeCloseTo(16.6, 9);
    expect(doc!.phases.waiting).toBeCloseTo(120.7, 9);
    expect(doc!.phases.download).toBe(20.92);
    expect(css).toMatchObject({ initiatorType: 'link', cached: true, transferSize: 0 });
    expect(fetch).toMatchObject({ initiatorType: 'fetch', method: 'POST', status: 201, viewId: 'c1/page_1' });
    expect(xhr).toMatchObject({ initiatorType: 'xmlhttprequest', status: 404, protocol: 'h3', viewId: 'c1/page_2' });
    expect(data.session.startTime).toBe(Date.parse('2025-02-10T14:03:21.512Z'));
    expect(data.session.endTime).toBe(Date.parse('2025-02-10T14:03:40.500Z') + 61);
  });

  it('makes one view when the HAR has no pages', async () => {
    const har = { log: { entries: [entry('https://a.test/api/x', '2025-01-01T00:00:01.000Z'), entry('https://a.test/', '2025-01-01T00:00:00.000Z', 'document')] } };
    const data = await importSession(JSON.stringify(har), { createId: () => 'n' });
    expect(data.views).toEqual([
      { id: 'n/page', sessionId: 'n', url: 'https://a.test/', startTime: Date.parse('2025-01-01T00:00:00.000Z'), kind: 'hard', navigationType: 'navigate', strategies: [] },
    ]);
    expect(data.requests.map((request) => request.url)).toEqual(['https://a.test/', 'https://a.test/api/x']);
    expect(data.requests.every((request) => request.viewId === 'n/page')).toBe(true);
  });

  it('names what is wrong in an invalid HAR', async () => {
    const fail = (value: unknown) => importSession(JSON.stringify(value)).then(() => null, (error: unknown) => error as ImportError);
    expect(String(await fail({ log: {} }))).toBe('ImportError: not a valid HAR file: log.entries: missing');
    expect(String(await fail({ log: { entries: [{ ...entry('https://a.test/', 'yesterday') }] } }))).toBe(
      'ImportError: not a valid HAR file: log.entries[0].startedDateTime: expected an ISO 8601 date-time, got "yesterday"',
    );
    const noUrl = entry('https://a.test/', '2025-01-01T00:00:00Z') as { request: Record<string, unknown> };
    delete noUrl.request.url;
    expect(String(await fail({ log: { entries: [noUrl] } }))).toBe('ImportError: not a valid HAR file: log.entries[0].request.url: missing');
  });

  it('parses Server-Timing headers', () => {
    expect(parseServerTiming([{ name: 'Server-Timing', value: 'cache;desc="hit", db;dur=2.5, bad;dur=x' }])).toEqual([
      { name: 'cache', duration: 0, description: 'hit' },
      { name: 'db', duration: 2.5, description: '' },
      { name: 'bad', duration: 0, description: '' },
    ]);
  });
});

function entry(url: string, startedDateTime: string, resourceType = 'fetch') {
  return {
    startedDateTime,
    time: 10,
    _resourceType: resourceType,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 10, mimeType: 'text/html' }, redirectURL: '', headersSize: -1, bodySize: 10 },
    cache: {},
    timings: { send: 1, wait: 5, receive: 4 },
  };
}
