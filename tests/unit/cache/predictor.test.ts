import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capturedApiSequence, RequestPredictor } from '../../../src/core/cache/predictor';

const req = (url: string, method = 'GET') => ({ method, url });

describe('RequestPredictor', () => {
  it('predicts the request that usually follows an endpoint, with its frequency as confidence', () => {
    const predictor = new RequestPredictor();
    for (let i = 1; i <= 4; i++) predictor.observeSequence([req(`http://a.test/api/users/${i}`), req('http://a.test/api/recommendations')]);
    predictor.observe(req('http://a.test/api/users/9'), req('http://a.test/api/audit'));
    const [top] = predictor.predict(req('http://a.test/api/users/42'), 0.5);
    expect(top).toEqual({ method: 'GET', url: 'http://a.test/api/recommendations', confidence: 0.8, support: 5 });
    expect(predictor.predict(req('http://a.test/api/users/42'), 0.9)).toEqual([]);
  });

  it('needs enough evidence before predicting', () => {
    const predictor = new RequestPredictor({ minSupport: 3 });
    predictor.observe(req('http://a.test/a'), req('http://a.test/b'));
    predictor.observe(req('http://a.test/a'), req('http://a.test/b'));
    expect(predictor.predict(req('http://a.test/a'), 0)).toEqual([]);
    predictor.observe(req('http://a.test/a'), req('http://a.test/b'));
    expect(predictor.predict(req('http://a.test/a'), 0)).toHaveLength(1);
  });

  it('never predicts the current request itself', () => {
    const predictor = new RequestPredictor({ minSupport: 1 });
    predictor.observeSequence([req('http://a.test/a'), req('http://a.test/a'), req('http://a.test/a')]);
    expect(predictor.predict(req('http://a.test/a'), 0)).toEqual([]);
  });

  it('confidences of one state sum to at most 1 and survive a snapshot (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('/a', '/b', '/c/1', '/c/2', '/d'), { maxLength: 80 }), (paths) => {
        const predictor = new RequestPredictor({ minSupport: 1, maxOutcomes: 3 });
        predictor.observeSequence(paths.map((p) => req(`http://a.test${p}`)));
        const restored = new RequestPredictor({ minSupport: 1, maxOutcomes: 3 }, JSON.parse(JSON.stringify(predictor.snapshot())));
        for (const p of ['/a', '/b', '/c/9', '/d']) {
          const predictions = predictor.predict(req(`http://a.test${p}`), 0);
          expect(predictions.length).toBeLessThanOrEqual(3);
          expect(predictions.reduce((sum, x) => sum + x.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
          expect(restored.predict(req(`http://a.test${p}`), 0)).toEqual(predictions);
        }
      }),
    );
  });

  it('stays within its state budget', () => {
    const predictor = new RequestPredictor({ maxStates: 10 });
    for (let i = 0; i < 100; i++) predictor.observe(req(`http://a.test/s${i}`), req('http://a.test/x'));
    expect(predictor.stateCount).toBe(10);
  });
});

describe('learning from captured requests (the strategy off)', () => {
  it('keeps the page’s own fetch and XHR requests in start order, and the predictor learns from them', () => {
    const req = (url: string, t: number, initiatorType = 'fetch', method?: string) => ({ kind: 'request', url, t, initiatorType, ...(method ? { method } : {}) });
    const items = [
      { kind: 'view', url: 'http://app.test/' },
      req('http://app.test/api/recommendations', 20),
      req('http://app.test/api/users/1', 10, 'xmlhttprequest'),
      req('http://app.test/logo.png', 5, 'img'),
      req('http://cdn.test/api/x', 15),
      req('http://app.test/api/users', 30, 'fetch', 'post'),
    ];
    expect(capturedApiSequence(items, 'http://app.test')).toEqual([
      { method: 'GET', url: 'http://app.test/api/users/1' },
      { method: 'GET', url: 'http://app.test/api/recommendations' },
      { method: 'POST', url: 'http://app.test/api/users' },
    ]);
    const predictor = new RequestPredictor();
    for (let i = 0; i < 3; i++) predictor.observeSequence(capturedApiSequence([req(`http://app.test/api/users/${i}`, 1), req('http://app.test/api/recommendations', 2)], 'http://app.test'));
    expect(predictor.predict({ method: 'GET', url: 'http://app.test/api/users/9' }, 0.6)).toEqual([{ method: 'GET', url: 'http://app.test/api/recommendations', confidence: 1, support: 3 }]);
  });
});
