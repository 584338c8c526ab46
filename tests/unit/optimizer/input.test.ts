import { describe, expect, it } from 'vitest';
import {
  classifyInsertion,
  emptyOptimizerInput,
  initialHtmlWindowEnd,
  optimizerInputFromSession,
  PARSER_SLACK_MS,
} from '../../../src/core/optimizer/input';
import { DESKTOP, loaf, memory, navigationRequest, PAGE, request, session, T0, view, vital } from './fixtures';

const CDN = 'https://cdn.example.com';
const HERO = `${CDN}/hero.jpg`;

describe('who inserted an image (the heuristic)', () => {
  const hard = view();
  const requests = [navigationRequest(), request({ url: `${PAGE}/app.css`, initiatorType: 'link', renderBlocking: 'blocking', t: T0 + 150, duration: 250 })];

  it('ends the initial-HTML window when the HTML and the render-blocking resources are done, plus slack', () => {
    expect(initialHtmlWindowEnd(hard, requests, null)).toBe(T0 + 400 + PARSER_SLACK_MS);
    expect(initialHtmlWindowEnd(hard, [navigationRequest()], null)).toBe(T0 + 200 + PARSER_SLACK_MS);
  });

  it('falls back to the first contentful paint without a navigation entry, else unknown', () => {
    expect(initialHtmlWindowEnd(hard, [], 700)).toBe(T0 + 700);
    expect(initialHtmlWindowEnd(hard, [], null)).toBeNull();
  });

  it('classifies requests before the window end as HTML and later ones as script', () => {
    const end = T0 + 500;
    expect(classifyInsertion(request({ t: T0 + 120 }), hard, end)).toBe('html');
    expect(classifyInsertion(request({ t: T0 + 900 }), hard, end)).toBe('script');
    expect(classifyInsertion(request({ t: T0 + 900 }), hard, null)).toBe('unknown');
  });

  it('counts every request of a soft navigation as script', () => {
    expect(classifyInsertion(request({ t: T0 }), view({ kind: 'soft' }), T0 + 10_000)).toBe('script');
  });
});

describe('optimizerInputFromSession', () => {
  const image = (t: number, bytes: number, url = `${CDN}/img/${t}.png`) =>
    request({ url, initiatorType: 'img', t, transferSize: bytes, encodedBodySize: bytes, decodedBodySize: bytes });
  const data = session({
    views: [
      view(),
      view({ id: 'v2', url: `${PAGE}/42`, startTime: T0 + 60_000 }),
      view({ id: 'v3', url: `${PAGE}?page=2`, startTime: T0 + 120_000, strategies: ['lazy-load-images'] }),
    ],
    samples: [
      vital('LCP', 2800, { attribution: { target: 'img.hero', url: HERO, resourceLoadDelay: 300, resourceLoadDuration: 200 } }),
      vital('FCP', 900),
      vital('CLS', 0.05),
      vital('LCP', 2600, { t: T0 + 500, attribution: { target: 'h1' } }), // an earlier candidate: the last one counts
      loaf(180, { renderStart: 120, styleAndLayoutStart: 140, scripts: [{ sourceURL: `${PAGE}/app.js`, invoker: '', invokerType: 'classic-script', duration: 90, forcedStyleAndLayoutDuration: 0 }] }),
      loaf(80, { renderStart: null }),
      memory(3000),
      memory(4200, { t: T0 + 3000 }),
      vital('LCP', 9999, { viewId: 'v3' }),
    ],
    requests: [
      navigationRequest(),
      request({ url: `${PAGE}/app.js`, initiatorType: 'script', renderBlocking: 'blocking', t: T0 + 100, duration: 300, encodedBodySize: 400_000, transferSize: 400_500, decodedBodySize: 1_200_000 }),
      image(T0 + 120, 50_000),
      image(T0 + 130, 60_000),
      image(T0 + 1500, 100_000),
      image(T0 + 1600, 120_000),
      image(T0 + 1700, 130_000, HERO),
      request({ url: `${CDN}/font.woff2`, initiatorType: 'css', t: T0 + 200, phases: { redirect: 0, dns: 20, connect: 30, tls: 40, waiting: 10, download: 5 } }),
      request({ url: 'https://api.example.com/users', initiatorType: 'fetch', t: T0 + 800, phases: { redirect: 0, dns: 10, connect: 20, tls: 30, waiting: 100, download: 5 } }),
      request({ url: `${PAGE}/data.json`, initiatorType: 'fetch', t: T0 + 900, encodedBodySize: 50_000, decodedBodySize: 50_000, mimeType: 'application/json' }),
      image(T0 + 130, 999_999, `${CDN}/other-view.png`),
    ].map((r, i, all) => (i === all.length - 1 ? { ...r, viewId: 'v3' } : r)),
  });
  const result = optimizerInputFromSession(data, PAGE, { environment: DESKTOP, dom: { runningAnimations: 2 } });

  it('considers the baseline views matching the page pattern', () => {
    expect(result.pattern).toBe(PAGE);
    expect(result.loads).toBe(1); // v2 is another path, v3 ran with a strategy on
    expect(result.hardLoads).toBe(1);
    expect(result.environment).toBe(DESKTOP);
    expect(result.dom).toEqual({ runningAnimations: 2 });
  });

  it('takes the LCP from the last report, with its attribution', () => {
    expect(result.lcp).toEqual({
      value: 2800,
      selector: 'img.hero',
      url: HERO,
      urlStable: true,
      resourceLoadDelay: 300,
      resourceLoadDuration: 200,
      requestStart: 1700,
    });
    expect(result.vitals).toMatchObject({ LCP: 2800, FCP: 900, CLS: 0.05, INP: null });
  });

  it('splits images into initial HTML and script, leaving the LCP image out', () => {
    expect(result.imageRequests.html).toEqual({ count: 2, bytes: 110_000 });
    expect(result.imageRequests.script).toEqual({ count: 2, bytes: 220_000 });
  });

  it('sums long frames and their rendering time', () => {
    expect(result.longFrames).toEqual({ count: 2, totalMs: 260, blockingMs: 160, renderMs: 60, styleAndLayoutMs: 40, worstMs: 180 });
    expect(result.domNodes).toBe(4200);
    expect(result.mainThreadScripts).toEqual([{ url: `${PAGE}/app.js`, ms: 90 }]);
  });

  it('measures connection setup per other origin, with its CORS mode', () => {
    expect(result.connections).toEqual([
      { origin: CDN, connectMs: 90, requests: 6, anonymous: true, credentialed: true, untimed: 0 },
      { origin: 'https://api.example.com', connectMs: 60, requests: 1, anonymous: true, credentialed: false, untimed: 0 },
    ]);
  });

  it('lists scripts, render-blocking and uncompressed resources', () => {
    expect(result.largestScripts[0]).toEqual({ url: `${PAGE}/app.js`, bytes: 400_500, durationMs: 300 });
    expect(result.renderBlocking.map((r) => r.url)).toEqual([`${PAGE}/app.js`]);
    expect(result.uncompressed.map((r) => r.url)).toEqual([`${PAGE}/data.json`]);
  });

  it('finds the pages opened next from this one', () => {
    expect(result.navigation).toEqual({ hardNext: 1, softNext: 0, likelyNext: [{ url: `${PAGE}/42`, count: 1 }] });
  });

  it('uses every matching view when none ran without optimizations', () => {
    const optimizedOnly = { ...data, views: data.views.filter((v) => v.id === 'v3') };
    const derived = optimizerInputFromSession(optimizedOnly, PAGE);
    expect(derived.loads).toBe(1);
    expect(derived.lcp?.value).toBe(9999);
  });

  it('counts every image of a soft navigation as inserted by script', () => {
    const soft = session({
      views: [view({ kind: 'soft', navigationType: 'push' })],
      requests: [image(T0 + 10, 10_000), image(T0 + 20, 10_000)],
    });
    expect(optimizerInputFromSession(soft, PAGE).imageRequests.script).toEqual({ count: 2, bytes: 20_000 });
  });

  it('is empty for a page without captured views', () => {
    expect(optimizerInputFromSession(session({ views: [] }), PAGE)).toEqual(emptyOptimizerInput(PAGE));
  });
});
