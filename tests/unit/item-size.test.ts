import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureItemBytes } from '../../src/core/capture/item-size';
import type { MemorySample, RequestRecord } from '../../src/core/model';

const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(Number.MAX_VALUE), fc.constant(-Number.MIN_VALUE));
const request = fc.record({
  kind: fc.constant('request' as const),
  viewId: fc.string({ maxLength: 40 }),
  t: num,
  url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 300 }), fc.constant('data:text/plain,a\\"b')),
  initiatorType: fc.constantFrom('fetch', 'xmlhttprequest', 'img', 'navigation', 'other'),
  duration: num,
  phases: fc.record({ redirect: num, dns: num, connect: num, tls: num, waiting: num, download: num }),
  transferSize: num,
  encodedBodySize: num,
  decodedBodySize: num,
  status: fc.integer({ min: 0, max: 999 }),
  serverTiming: fc.array(fc.record({ name: fc.string({ maxLength: 256 }), duration: num, description: fc.string({ maxLength: 256 }) }), { maxLength: 3 }),
  renderBlocking: fc.constantFrom('', 'blocking', 'non-blocking'),
  cached: fc.boolean(),
  protocol: fc.constantFrom('', 'h2', 'http/1.1', 'h3'),
  method: fc.option(fc.constantFrom('GET', 'POST', 'DELETE'), { nil: undefined }),
}).map((r) => { const out = { ...r } as RequestRecord; if (r.method === undefined) delete out.method; return out; });
const memory = fc.record({ kind: fc.constant('memory' as const), t: num, viewId: fc.string({ maxLength: 40 }), heapUsed: fc.option(num, { nil: null }), heapTotal: fc.option(num, { nil: null }), domNodes: fc.nat() }) as fc.Arbitrary<MemorySample>;

describe('capture item size', () => {
  it('bounds a request record from above, and within 1 KB of its JSON', () => {
    fc.assert(fc.property(request, (r) => {
      const json = JSON.stringify(r).length;
      const bytes = captureItemBytes(r);
      expect(bytes).toBeGreaterThanOrEqual(json);
      expect(bytes - json).toBeLessThanOrEqual(1024);
    }), { numRuns: 2000 });
  });
  it('bounds a memory sample from above', () => {
    fc.assert(fc.property(memory, (m) => {
      expect(captureItemBytes(m)).toBeGreaterThanOrEqual(JSON.stringify(m).length);
    }), { numRuns: 2000 });
  });
  it('measures anything else by its JSON', () => {
    const view = { kind: 'view', id: 'p:0', url: 'http://x/', startTime: 1, viewKind: 'hard', navigationType: 'navigate' };
    expect(captureItemBytes(view)).toBe(JSON.stringify(view).length);
    expect(captureItemBytes(null)).toBe(4);
  });
});
