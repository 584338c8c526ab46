import { describe, expect, it } from 'vitest';
import { isThirdParty, measureView, metricKey, metricShortName, resourceTypeOf, viewsOfSession } from '../../../src/core/alerts';
import { PAGE, viewData } from './fixtures';

describe('measuring a view', () => {
  it('takes the final value of each vital', () => {
    const data = viewData({ vitals: { LCP: 1800, CLS: 0.05 } });
    data.samples = [...data.samples, Object.assign({}, data.samples[0], { t: data.view.startTime + 900, value: 2600, delta: 800 })];
    expect(measureView(data, { id: 'LCP' })).toBe(2600);
    expect(measureView(data, { id: 'CLS' })).toBe(0.05);
    expect(measureView(data, { id: 'INP' })).toBeNull();
  });

  it('sums long-animation-frame time and blocking time, and takes the peaks of heap and DOM', () => {
    const data = viewData({ loafs: [{ duration: 120, blocking: 70 }, { duration: 80, blocking: 30 }], memory: [{ heapUsed: 5e6, domNodes: 900 }, { heapUsed: 7e6, domNodes: 1200 }, { heapUsed: 6e6, domNodes: 1100 }] });
    expect(measureView(data, { id: 'loafMs' })).toBe(200);
    expect(measureView(data, { id: 'tbt' })).toBe(100);
    expect(measureView(data, { id: 'heapUsed' })).toBe(7e6);
    expect(measureView(data, { id: 'domNodes' })).toBe(1200);
    expect(measureView(viewData({ memory: [{ heapUsed: null, domNodes: 5 }] }), { id: 'heapUsed' })).toBeNull();
  });

  it('counts requests and bytes by resource type, third parties by site', () => {
    const data = viewData({
      requests: [
        { url: 'https://admin.example.com/app.js', initiatorType: 'script', transferSize: 50_000 },
        { url: 'https://cdn.example.com/vendor.js', initiatorType: 'script', transferSize: 20_000 },
        { url: 'https://tracker.other.net/t.js', initiatorType: 'script', transferSize: 3000 },
        { url: 'https://admin.example.com/logo.png', initiatorType: 'img', transferSize: 8000 },
        { url: 'https://admin.example.com/app.css', initiatorType: 'link', transferSize: 4000 },
        { url: 'https://admin.example.com/api/users', initiatorType: 'fetch', transferSize: 1000 },
      ],
    });
    expect(measureView(data, { id: 'requests', resourceType: 'total' })).toBe(6);
    expect(measureView(data, { id: 'bytes', resourceType: 'total' })).toBe(86_000);
    expect(measureView(data, { id: 'bytes', resourceType: 'script' })).toBe(73_000);
    expect(measureView(data, { id: 'requests', resourceType: 'image' })).toBe(1);
    expect(measureView(data, { id: 'bytes', resourceType: 'stylesheet' })).toBe(4000);
    expect(measureView(data, { id: 'requests', resourceType: 'third-party' })).toBe(1);
    expect(measureView(data, { id: 'bytes', resourceType: 'other' })).toBe(1000);
  });

  it('classifies requests like Lighthouse resource types', () => {
    const base = viewData({ requests: [{}] }).requests[0]!;
    expect(resourceTypeOf({ ...base, initiatorType: 'navigation' })).toBe('document');
    expect(resourceTypeOf({ ...base, initiatorType: 'css', url: 'https://a.example/font.woff2' })).toBe('font');
    expect(resourceTypeOf({ ...base, initiatorType: 'css', url: 'https://a.example/theme.css?v=2' })).toBe('stylesheet');
    expect(resourceTypeOf({ ...base, initiatorType: 'fetch', mimeType: 'image/webp' })).toBe('image');
    expect(resourceTypeOf({ ...base, initiatorType: 'video' })).toBe('media');
    expect(isThirdParty('http://127.0.0.1:5178/x', 'http://127.0.0.1:5178')).toBe(false);
    expect(isThirdParty('http://localhost:9/x', 'http://127.0.0.1:5178')).toBe(true);
  });

  it('takes the slowest request of a URL pattern and the p95 of a route', () => {
    const durations = [100, 120, 110, 130, 900];
    const data = viewData({ requests: durations.map((duration, i) => ({ url: `https://admin.example.com/api/users/${i + 1}?page=2`, duration, method: 'GET' })) });
    expect(measureView(data, { id: 'requestMs', urlPattern: 'https://admin.example.com/api/users/*' })).toBe(900);
    expect(measureView(data, { id: 'requestMs', urlPattern: 'https://admin.example.com/api/roles/*' })).toBeNull();
    // p95 of [100, 110, 120, 130, 900]: 130 + 0.8 × 770
    expect(measureView(data, { id: 'routeP95', route: 'GET /api/users/:id' })).toBeCloseTo(746, 6);
    expect(measureView(data, { id: 'routeP95', route: '/api/users/:id' })).toBeCloseTo(746, 6);
    expect(measureView(data, { id: 'routeP95', route: 'POST /api/users/:id' })).toBeNull();
  });

  it('groups a session into views, oldest first', () => {
    const a = viewData({ t: 2000, vitals: { LCP: 1 } });
    const b = viewData({ t: 1000, vitals: { LCP: 2 } });
    const views = viewsOfSession({ views: [a.view, b.view], samples: [...a.samples, ...b.samples], requests: [] });
    expect(views.map((data) => data.view.id)).toEqual([b.view.id, a.view.id]);
    expect(views.map((data) => measureView(data, { id: 'LCP' }))).toEqual([2, 1]);
  });

  it('names metrics with their parameters', () => {
    expect(metricKey({ id: 'bytes', resourceType: 'script' })).toBe('bytes:script');
    expect(metricShortName({ id: 'bytes', resourceType: 'script' })).toBe('Bytes (script)');
    expect(metricShortName({ id: 'tbt' })).toBe('TBT');
    expect(metricShortName({ id: 'LCP' })).toBe('LCP');
    expect(PAGE).toContain('https://');
  });
});
