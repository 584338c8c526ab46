/** Hostile HAR and JSON imports: malformed times, methods and durations are refused with the field named. */
import { describe, expect, it } from 'vitest';
import { exportTrace } from '../../../src/core/sessions/export/trace';
import { importSession, type ImportError } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect, smallSession } from '../sessions/helpers';
import { exportJson } from '../../../src/core/sessions/export/json';

function entry(overrides: Record<string, unknown> = {}, request: Record<string, unknown> = {}) {
  return {
    startedDateTime: '2025-01-01T00:00:00.000Z',
    time: 10,
    request: { method: 'GET', url: 'https://a.test/api/x', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0, ...request },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 10, mimeType: 'text/html' }, redirectURL: '', headersSize: -1, bodySize: 10 },
    cache: {},
    timings: { send: 1, wait: 5, receive: 4 },
    ...overrides,
  };
}

const har = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries } });
const failure = (text: string) => importSession(text).then(() => 'imported', (error: unknown) => String((error as ImportError).message));

describe('hostile HAR import', () => {
  it('refuses a startedDateTime that Date.parse would accept but is no ISO 8601 date-time', async () => {
    for (const bad of ['1', '2025', 'May 5, 2025', '2025-01-01']) {
      expect(await failure(har([entry(), entry(), entry(), entry({ startedDateTime: bad })]))).toBe(
        `not a valid HAR file: log.entries[3].startedDateTime: expected an ISO 8601 date-time, got "${bad}"`,
      );
    }
    expect(await failure(har([entry({ startedDateTime: '2025-01-01T10:00:00+02:00' })]))).toBe('imported');
  });

  it('refuses an entry that ends before it starts (a negative time or timing other than -1)', async () => {
    expect(await failure(har([entry({ time: -500 })]))).toMatch(/^not a valid HAR file: log\.entries\[0\]\.time: expected a duration from 0 to 86400000 ms \(or -1 for unknown\), got -500$/);
    expect(await failure(har([entry({ timings: { send: 1, wait: -30, receive: 1 } })]))).toMatch(/log\.entries\[0\]\.timings\.wait: expected a duration/);
    expect(await failure(har([entry({ time: -1, timings: { send: -1, wait: 5, receive: -1 } })]))).toBe('imported');
  });

  it('refuses a duration of 1e308 instead of writing "ts": null into a trace', async () => {
    expect(await failure(har([entry({ time: 1e308 })]))).toMatch(/^not a valid HAR file: log\.entries\[0\]\.time: expected a duration .* got 1e\+308$/);
    // The same through a JSON export whose request claims 1e308 ms.
    const data = smallSession();
    data.requests[2]!.duration = 1e308;
    const json = await collect(exportJson(exportInputFrom(data), { sanitize: false }));
    expect(await failure(json)).toMatch(/^requests\[2\]\.duration: expected <=8640000000000000, got 1e\+308$/);
  });

  it('refuses a request.method that is no HTTP method token (a CSV formula, spaces, quotes)', async () => {
    for (const bad of ['=HYPERLINK("https://evil.test","x")', 'GET /x', '', '@SUM(1)']) {
      expect(await failure(har([entry({}, { method: bad })]))).toBe(
        `not a valid HAR file: log.entries[0].request.method: expected an HTTP method such as GET or POST, got "${bad}"`,
      );
    }
    expect(await failure(har([entry({}, { method: 'PROPFIND' })]))).toBe('imported');
  });

  it('never writes a null timestamp into a trace, whatever duration a record holds', async () => {
    const data = smallSession();
    data.requests[0]!.duration = 1e308;
    data.requests[1]!.phases.waiting = Number.MAX_VALUE;
    const text = await collect(exportTrace(exportInputFrom(data), { sanitize: false }));
    expect(text).not.toMatch(/"(ts|dur)":null/);
    expect(() => JSON.parse(text)).not.toThrow();
  });
});
