/**
 * The trace's request and memory events written as text are exactly what JSON.stringify
 * writes for the same events built as objects, for any record: odd numbers (NaN, Infinity,
 * -0), strings that need escaping, fields missing, headers or not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LongFrameSample, MemorySample, RequestRecord } from '../../../src/core/model';
import { longFrameJson, longFrameTask, memoryEvents, memoryEventsJson, requestEvents, requestEventsJson } from '../../../src/core/sessions/export/trace';

const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 1e21, 0.1));
const text = fc.oneof(fc.string(), fc.constantFrom('https://a.test/api/users/42?x="1"', 'http://[::1]:3000/é\u2028', 'not a url', 'blob:https://a.test/1', ''));
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });

const request: fc.Arbitrary<RequestRecord> = fc.record(
  {
    kind: fc.constant('request' as const),
    viewId: text,
    t: number,
    url: text,
    initiatorType: fc.oneof(text, fc.constantFrom('navigation', 'fetch', 'script', 'img')),
    duration: number,
    phases: fc.record({ redirect: number, dns: number, connect: number, tls: number, waiting: number, download: number }),
    transferSize: number,
    encodedBodySize: number,
    decodedBodySize: number,
    status: fc.oneof(fc.constantFrom(0, 200, 404, 500), number),
    serverTiming: fc.constant([]),
    renderBlocking: fc.constantFrom('blocking', 'non-blocking', ''),
    cached: fc.boolean(),
    protocol: fc.constantFrom('h2', 'http/1.1', ''),
    method: maybe(fc.constantFrom('GET', 'POST', 'delete')),
    mimeType: maybe(fc.constantFrom('application/json', 'text/css', 'image/png', '')),
    responseHeaders: maybe(fc.array(fc.record({ name: text, value: text }), { maxLength: 3 })),
  },
  { requiredKeys: ['kind', 'viewId', 't', 'url', 'duration', 'phases', 'serverTiming', 'renderBlocking', 'encodedBodySize'] },
) as fc.Arbitrary<RequestRecord>;

const memory: fc.Arbitrary<MemorySample> = fc.record(
  {
    kind: fc.constant('memory' as const),
    t: number,
    viewId: text,
    heapUsed: fc.oneof(number, fc.constant(null)),
    heapTotal: fc.oneof(number, fc.constant(null)),
    domNodes: number,
  },
  { requiredKeys: ['kind', 't', 'viewId', 'heapTotal'] },
) as fc.Arbitrary<MemorySample>;

const longFrame: fc.Arbitrary<LongFrameSample> = fc.record(
  {
    kind: fc.constant('loaf' as const),
    t: number,
    viewId: text,
    source: fc.constantFrom('long-animation-frame' as const, 'longtask' as const),
    duration: number,
    blockingDuration: number,
    renderStart: fc.oneof(number, fc.constant(null)),
    styleAndLayoutStart: fc.oneof(number, fc.constant(null)),
    scripts: fc.array(
      fc.record({ sourceURL: text, invoker: text, invokerType: text, duration: number, forcedStyleAndLayoutDuration: number }, { requiredKeys: ['sourceURL', 'duration'] }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['kind', 't', 'duration'] },
) as fc.Arbitrary<LongFrameSample>;

describe('trace events as text', () => {
  it('writes a request as JSON.stringify writes its events', () => {
    fc.assert(
      fc.property(request, fc.integer({ min: 1, max: 1e9 }), (record, index) => {
        expect(requestEventsJson(record, index)).toEqual(requestEvents(record, index).map((event) => JSON.stringify(event)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a memory sample as JSON.stringify writes its events', () => {
    fc.assert(
      fc.property(memory, (sample) => {
        expect(memoryEventsJson(sample)).toEqual(memoryEvents(sample).map((event) => JSON.stringify(event)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a long frame as JSON.stringify writes its event', () => {
    fc.assert(
      fc.property(longFrame, (sample) => {
        expect(longFrameJson(sample)).toBe(JSON.stringify(longFrameTask(sample)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes events a JSON parser reads back for an ordinary request', () => {
    const ordinary: RequestRecord = {
      kind: 'request', viewId: 'v1', t: 1_700_000_000_000.5, url: 'https://a.test/api/users/7', initiatorType: 'fetch', duration: 120,
      phases: { redirect: 0, dns: 3, connect: 4, tls: 5, waiting: 90, download: 8 }, transferSize: 1200, encodedBodySize: 900, decodedBodySize: 2700,
      status: 200, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2', method: 'GET', mimeType: 'application/json',
    };
    const events = requestEventsJson(ordinary, 3).map((line) => JSON.parse(line) as { name: string });
    expect(events.map((e) => e.name)).toEqual(['ResourceSendRequest', 'ResourceReceiveResponse', 'ResourceFinish', 'GET /api/users/:id', 'GET /api/users/:id']);
  });
});
