import { describe, expect, it } from 'vitest';
import { cacheRepeatedApiCalls } from '../../../../src/core/optimizer/strategies/cache-repeated-api-calls/decide';
import { optimizerInputFromSession } from '../../../../src/core/optimizer/input';
import { input, request, session, view } from '../fixtures';

describe('cache-repeated-api-calls', () => {
  it('applies when the page asked the same API URL more than once, naming the endpoint and the wait', () => {
    const assessment = cacheRepeatedApiCalls.assess(input({
      apiCalls: [
        { endpoint: 'GET /api/recommendations', calls: 3, distinctUrls: 1, repeatedCalls: 2, medianMs: 800 },
        { endpoint: 'GET /api/users', calls: 2, distinctUrls: 1, repeatedCalls: 1, medianMs: 120 },
      ],
    }));
    expect(assessment).toEqual({
      applies: true,
      reason: 'GET /api/recommendations was asked 3 times for the same data (median 800 ms) and 1 other endpoint: 3 repeated requests waited 1.7 s in all, which the cache answers at once',
      impact: 'high',
      auto: false,
    });
  });

  it('does not apply without API requests, or when every request asked for something new', () => {
    expect(cacheRepeatedApiCalls.assess(input({ apiCalls: [] }))).toMatchObject({ applies: false, reason: expect.stringMatching(/No same-origin API requests/) });
    expect(cacheRepeatedApiCalls.assess(input({ apiCalls: [{ endpoint: 'GET /api/users/:id', calls: 2, distinctUrls: 2, repeatedCalls: 0, medianMs: 90 }] }))).toMatchObject({ applies: false, reason: expect.stringMatching(/different URL/) });
  });

  it('passes the endpoints called more than once, from the captured loads', () => {
    const v = view({ url: 'http://app.test/users' });
    const data = session({
      views: [v],
      requests: [
        request({ viewId: v.id, url: 'http://app.test/api/users/1', initiatorType: 'fetch' }),
        request({ viewId: v.id, url: 'http://app.test/api/users/2', initiatorType: 'fetch' }),
        request({ viewId: v.id, url: 'http://app.test/api/audit', initiatorType: 'fetch' }),
      ],
    });
    const params = cacheRepeatedApiCalls.params(optimizerInputFromSession(data, 'http://app.test/users'));
    expect(params).toEqual({ repeatedEndpoints: ['GET /api/users/:id'] });
  });

  it('is off until switched on, and takes effect on the next load', () => {
    expect(cacheRepeatedApiCalls).toMatchObject({ takesEffect: 'next-load', runAt: 'document_start' });
    expect(cacheRepeatedApiCalls.title.startsWith('Cache repeated API calls')).toBe(true);
  });
});
