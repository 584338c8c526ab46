import { describe, expect, it } from 'vitest';
import { sessionBatches } from '../../../src/core/otlp/batches';
import {
  classifyResponse,
  DEFAULT_RETRY_POLICY,
  deliverWithRetry,
  parseRetryAfter,
  retryDelay,
  SendQueue,
  signalUrl,
  validateEndpoint,
  type DeliveryResult,
  type TransportResult,
} from '../../../src/core/otlp/sender';
import { createSecretSession, SECRET_VALUES } from '../../fixtures/sessions/secrets';
import { smallSession } from '../sessions/helpers';

/** A fake clock whose sleep advances time at once. */
function fakeEnvironment(responses: TransportResult[], random = () => 0.5) {
  let now = 1_000_000;
  const sent: number[] = [];
  return {
    env: {
      async send() {
        sent.push(now);
        const next = responses.shift();
        if (!next) throw new Error('no more responses');
        return next;
      },
      async sleep(ms: number) {
        now += ms;
      },
      now: () => now,
      random,
    },
    sent,
  };
}

describe('OTLP/HTTP response handling', () => {
  it('classifies as the OTLP specification says', () => {
    expect(classifyResponse({ status: 200 })).toBe('delivered');
    expect(classifyResponse({ status: 202 })).toBe('delivered');
    for (const status of [429, 502, 503, 504]) expect(classifyResponse({ status })).toBe('retryable');
    for (const status of [400, 401, 403, 404, 413, 500]) expect(classifyResponse({ status })).toBe('permanent');
    expect(classifyResponse({ networkError: 'refused' })).toBe('retryable');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backs off exponentially with bounded jitter, capped, and never below Retry-After', () => {
    const p = DEFAULT_RETRY_POLICY;
    expect([1, 2, 3, 4].map((n) => retryDelay(n, p, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(10, p, () => 0.5)).toBe(p.maxDelayMs);
    expect(retryDelay(1, p, () => 0)).toBe(800);
    expect(retryDelay(1, p, () => 1)).toBe(1200);
    expect(retryDelay(1, p, () => 0.5, 9000)).toBe(9000);
  });
});

describe('deliverWithRetry', () => {
  it('retries 503 and 429 and delivers, waiting what Retry-After asks', async () => {
    const { env, sent } = fakeEnvironment([{ status: 503 }, { status: 429, retryAfter: '5' }, { status: 200 }]);
    const result = await deliverWithRetry(env);
    expect(result).toEqual({ delivered: true, attempts: 3, waits: [1000, 5000] });
    expect(sent[2]! - sent[0]!).toBe(6000);
  });

  it('does not retry a permanent error', async () => {
    const { env } = fakeEnvironment([{ status: 400 }, { status: 200 }]);
    expect(await deliverWithRetry(env)).toMatchObject({ delivered: false, attempts: 1, error: 'HTTP 400 (not retried)' });
  });

  it('gives up after the attempt bound, and on a too long Retry-After', async () => {
    const many = Array.from({ length: 10 }, () => ({ networkError: 'connection refused' }));
    const bounded = await deliverWithRetry(fakeEnvironment(many).env, { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 });
    expect(bounded).toMatchObject({ delivered: false, attempts: 3, error: 'network error: connection refused after 3 attempts' });
    const long = await deliverWithRetry(fakeEnvironment([{ status: 503, retryAfter: '3600' }]).env);
    expect(long.delivered).toBe(false);
    expect(long.error).toMatch(/Retry-After 3600 s is longer than 120 s/);
  });

  it('gives up once the elapsed bound would be passed', async () => {
    const many = Array.from({ length: 20 }, () => ({ status: 503 }));
    const result = await deliverWithRetry(fakeEnvironment(many).env, { ...DEFAULT_RETRY_POLICY, maxAttempts: 20, maxElapsedMs: 10_000 });
    expect(result.delivered).toBe(false);
    expect(result.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(result.error).toMatch(/gave up after/);
  });

  it('treats a thrown transport as a network error', async () => {
    const { env } = fakeEnvironment([]);
    const result = await deliverWithRetry(env, { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 });
    expect(result.error).toBe('network error: no more responses after 1 attempts');
  });
});

describe('SendQueue', () => {
  it('returns at once from enqueue, sends one at a time in order, and counts', async () => {
    const order: number[] = [];
    let active = 0;
    let maxActive = 0;
    const releases: (() => void)[] = [];
    const queue = new SendQueue<number>(
      async (item): Promise<DeliveryResult> => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
        order.push(item);
        return item === 2 ? { delivered: false, attempts: 1, error: 'HTTP 400 (not retried)', waits: [] } : { delivered: true, attempts: 1, waits: [] };
      },
      { maxQueued: 10, now: () => 42 },
    );
    queue.enqueue(1);
    queue.enqueue(2);
    queue.enqueue(3);
    expect(queue.stats()).toMatchObject({ sending: true, queued: 2 });
    while (order.length < 3) {
      await new Promise((r) => setTimeout(r, 0));
      releases.shift()?.();
    }
    await queue.idle();
    expect(order).toEqual([1, 2, 3]);
    expect(maxActive).toBe(1);
    expect(queue.stats()).toEqual({ queued: 0, sending: false, delivered: 2, failed: 1, dropped: 0, lastError: 'HTTP 400 (not retried)', lastDeliveredAt: 42 });
  });

  it('drops the oldest waiting item when full', async () => {
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = new SendQueue<number>(
      async (item) => {
        await gate;
        seen.push(item);
        return { delivered: true, attempts: 1, waits: [] };
      },
      { maxQueued: 2, now: () => 0 },
    );
    for (const item of [1, 2, 3, 4]) queue.enqueue(item);
    release();
    await queue.idle();
    expect(seen).toEqual([1, 3, 4]);
    expect(queue.stats().dropped).toBe(1);
  });
});

describe('endpoints', () => {
  it('normalizes what the user typed and names the problem otherwise', () => {
    expect(validateEndpoint(' http://localhost:4318/ ')).toEqual({ ok: true, endpoint: 'http://localhost:4318', originPattern: 'http://localhost/*' });
    expect(validateEndpoint('https://otel.example.test/otlp/v1/traces')).toMatchObject({ ok: true, endpoint: 'https://otel.example.test/otlp' });
    expect(validateEndpoint('')).toMatchObject({ ok: false, error: expect.stringMatching(/Enter the endpoint/) });
    expect(validateEndpoint('localhost:4318')).toMatchObject({ ok: false, error: expect.stringMatching(/http:\/\/ or https:\/\//) });
    expect(validateEndpoint('http://u:p@localhost:4318')).toMatchObject({ ok: false, error: expect.stringMatching(/user name and password/) });
    expect(validateEndpoint('http://localhost:4318?x=1')).toMatchObject({ ok: false, error: expect.stringMatching(/query/) });
    expect(signalUrl('http://localhost:4318', 'traces')).toBe('http://localhost:4318/v1/traces');
    expect(signalUrl('http://localhost:4318/', 'metrics')).toBe('http://localhost:4318/v1/metrics');
  });
});

describe('sessionBatches', () => {
  it('splits the spans into bounded requests, keeps every span once, adds one metrics request', () => {
    const data = smallSession();
    const { batches } = sessionBatches(data, { maxSpansPerRequest: 100 });
    const traces = batches.filter((batch) => batch.signal === 'traces');
    expect(traces.every((batch) => batch.items <= 100)).toBe(true);
    expect(traces.reduce((n, batch) => n + batch.items, 0)).toBe(data.views.length + data.requests.length);
    expect(batches.filter((batch) => batch.signal === 'metrics')).toHaveLength(1);
    expect(sessionBatches(data, { maxSpansPerRequest: 100 }).batches).toEqual(batches);
  });

  it('is always sanitized', () => {
    const { batches, removed } = sessionBatches(createSecretSession());
    const text = JSON.stringify(batches);
    expect(SECRET_VALUES.filter((secret) => text.includes(secret))).toEqual([]);
    expect(removed.secretParams).toBeGreaterThan(0);
  });
});
