import { describe, expect, it } from 'vitest';
import { parseContentMessage } from '../../src/shared/capture-schema';

const request = {
  kind: 'request', viewId: 'p:0', t: 1, url: 'http://localhost/api', initiatorType: 'fetch', duration: 1,
  phases: { redirect: 0, dns: 0, connect: 0, tls: 0, waiting: 0, download: 0 }, transferSize: 1, encodedBodySize: 1, decodedBodySize: 1,
  status: 200, serverTiming: [], renderBlocking: '', cached: false, protocol: 'h2',
};
const hardView = { kind: 'view', id: 'p:0', url: 'http://localhost/', startTime: 1, viewKind: 'hard', navigationType: 'navigate' };
const support = { entryTypes: ['event', 'largest-contentful-paint', 'navigation', 'paint', 'resource'], memory: false };
const batch = (items: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'batch', pageId: 'p', seq: 1, dropped: 0, rejected: 0, items, ...extra });

describe('the capture boundary', () => {
  it('accepts a well-formed batch', () => expect(parseContentMessage(batch([request])).ok).toBe(true));
  it('accepts a hard view with what the browser supports, and one without', () => {
    expect(parseContentMessage(batch([{ ...hardView, support }])).ok).toBe(true);
    expect(parseContentMessage(batch([hardView])).ok).toBe(true);
  });
  it.each([
    ['an unknown key on an item', batch([{ ...request, evil: 1 }])],
    ['a negative duration', batch([{ ...request, duration: -1 }])],
    ['a URL past 8,192 characters', batch([{ ...request, url: 'x'.repeat(8193) }])],
    ['too many server-timing entries', batch([{ ...request, serverTiming: Array.from({ length: 65 }, () => ({ name: 'a', duration: 1, description: '' })) }])],
    ['a fractional sequence number', batch([request], { seq: 1.5 })],
    ['more than 5,000 items', batch(Array.from({ length: 5001 }, () => request))],
    ['an unknown rating', batch([{ kind: 'vital', t: 1, viewId: 'p:0', name: 'LCP', value: 1, delta: 1, rating: 'great', metricId: 'x', navigationType: 'navigate', attribution: {} }])],
    ['a DOM-like attribution value', batch([{ kind: 'vital', t: 1, viewId: 'p:0', name: 'LCP', value: 1, delta: 1, rating: 'good', metricId: 'x', navigationType: 'navigate', attribution: { element: {} } }])],
    ['an unknown key in a view\'s support', batch([{ ...hardView, support: { ...support, cpu: 8 } }])],
    ['more than 64 supported entry types', batch([{ ...hardView, support: { entryTypes: Array.from({ length: 65 }, (_, i) => `t${i}`), memory: true } }])],
    ['an entry type past 64 characters', batch([{ ...hardView, support: { entryTypes: ['x'.repeat(65)], memory: true } }])],
    ['another protocol version', { type: 'hello', protocol: 2, pageId: 'p', url: 'http://localhost/', title: '' }],
  ])('rejects %s, naming the field', (_, message) => {
    const result = parseContentMessage(message);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(5);
  });
  it('names the offending path', () => {
    const result = parseContentMessage(batch([{ ...request, duration: 'slow' }]));
    expect(result.ok ? '' : result.error).toMatch(/items\.0\.duration/);
  });
});
