/**
 * OTLP/HTTP delivery policy (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response):
 * a 2xx is delivered; 429, 502, 503 and 504 (and a network error) are retried with exponential
 * backoff and jitter, waiting at least what Retry-After asks; anything else (400, 401, 404, 413…)
 * is permanent and not retried. Retries stop after a bound of attempts and of elapsed time.
 *
 * Pure: the HTTP call, the clock, the timer and randomness are injected, so the background's
 * fetch and a test's fake server use the same code. The queue never makes its caller wait:
 * `enqueue` returns at once and work runs one batch at a time behind it, bounded in size.
 */

/** Retry settings. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Delay before the first retry, ms. */
  initialDelayMs: number;
  /** Growth of the delay per attempt. */
  multiplier: number;
  /** Longest backoff delay, ms. */
  maxDelayMs: number;
  /** Longest wait a Retry-After may ask for, ms; a longer one gives up instead. */
  maxRetryAfterMs: number;
  /** The delay is drawn uniformly from [d·(1 − jitter), d·(1 + jitter)]. */
  jitter: number;
  /** Give up once this long has passed since the first attempt, ms. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  initialDelayMs: 1000,
  multiplier: 2,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  jitter: 0.2,
  maxElapsedMs: 5 * 60_000,
};

/** What the transport saw: an HTTP status (with Retry-After), or a network error. */
export type TransportResult = { status: number; retryAfter?: string | null } | { networkError: string };

/** How a response is handled. */
export type ResponseClass = 'delivered' | 'retryable' | 'permanent';

/** OTLP/HTTP's classification of a response. */
export function classifyResponse(result: TransportResult): ResponseClass {
  if ('networkError' in result) return 'retryable';
  if (result.status >= 200 && result.status < 300) return 'delivered';
  if (result.status === 429 || result.status === 502 || result.status === 503 || result.status === 504) return 'retryable';
  return 'permanent';
}

/** Retry-After (delta-seconds or an HTTP-date) as ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (!Number.isFinite(date)) return null;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential backoff with
 * jitter, never shorter than the server's Retry-After.
 */
export function retryDelay(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs: number | null = null): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, retry - 1));
  const jittered = base * (1 - policy.jitter + 2 * policy.jitter * random());
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** The end of one batch's delivery. */
export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** Why it was not delivered: the last status or error, and why retrying stopped. */
  error?: string;
  /** Every wait taken between attempts, ms. */
  waits: number[];
}

/** What a delivery needs from its environment. */
export interface DeliveryEnvironment {
  send(): Promise<TransportResult>;
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
}

/** Sends one batch, retrying per the policy; never throws. */
export async function deliverWithRetry(env: DeliveryEnvironment, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<DeliveryResult> {
  const started = env.now();
  const waits: number[] = [];
  for (let attempt = 1; ; attempt++) {
    let result: TransportResult;
    try {
      result = await env.send();
    } catch (error) {
      result = { networkError: error instanceof Error ? error.message : String(error) };
    }
    const kind = classifyResponse(result);
    if (kind === 'delivered') return { delivered: true, attempts: attempt, waits };
    const what = 'networkError' in result ? `network error: ${result.networkError}` : `HTTP ${result.status}`;
    if (kind === 'permanent') return { delivered: false, attempts: attempt, error: `${what} (not retried)`, waits };
    if (attempt >= policy.maxAttempts) return { delivered: false, attempts: attempt, error: `${what} after ${attempt} attempts`, waits };
    const retryAfter = 'status' in result ? parseRetryAfter(result.retryAfter, env.now()) : null;
    if (retryAfter !== null && retryAfter > policy.maxRetryAfterMs) {
      return { delivered: false, attempts: attempt, error: `${what}: Retry-After ${Math.round(retryAfter / 1000)} s is longer than ${policy.maxRetryAfterMs / 1000} s`, waits };
    }
    const wait = retryDelay(attempt, policy, env.random, retryAfter);
    if (env.now() + wait - started > policy.maxElapsedMs) {
      return { delivered: false, attempts: attempt, error: `${what}; gave up after ${Math.round((env.now() - started) / 1000)} s`, waits };
    }
    waits.push(wait);
    await env.sleep(wait);
  }
}

/** Counters of a send queue, for the settings view. */
export interface SendQueueStats {
  queued: number;
  sending: boolean;
  delivered: number;
  failed: number;
  /** Dropped because the queue was full (the oldest go first). */
  dropped: number;
  lastError: string | null;
  /** Epoch ms of the last delivered batch. */
  lastDeliveredAt: number | null;
}

/** A bounded FIFO of work sent one item at a time; enqueue never waits. */
export class SendQueue<T> {
  private readonly items: T[] = [];
  private running: Promise<void> | null = null;
  private readonly counts: Omit<SendQueueStats, 'queued' | 'sending'> = {
    delivered: 0,
    failed: 0,
    dropped: 0,
    lastError: null,
    lastDeliveredAt: null,
  };

  constructor(
    private readonly deliver: (item: T) => Promise<DeliveryResult>,
    private readonly options: { maxQueued: number; now: () => number; onChange?: (stats: SendQueueStats) => void },
  ) {}

  /** Adds work and returns at once; the oldest waiting item is dropped when full. */
  enqueue(item: T): void {
    this.items.push(item);
    while (this.items.length > this.options.maxQueued) {
      this.items.shift();
      this.counts.dropped++;
    }
    this.changed();
    if (!this.running) this.running = this.drain().finally(() => (this.running = null));
  }

  /** Resolves once everything queued so far has been tried (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stats(): SendQueueStats {
    return { queued: this.items.length, sending: this.running !== null, ...this.counts };
  }

  private async drain(): Promise<void> {
    for (let item = this.items.shift(); item !== undefined; item = this.items.shift()) {
      this.changed();
      let result: DeliveryResult;
      try {
        result = await this.deliver(item);
      } catch (error) {
        result = { delivered: false, attempts: 0, error: error instanceof Error ? error.message : String(error), waits: [] };
      }
      if (result.delivered) {
        this.counts.delivered++;
        this.counts.lastDeliveredAt = this.options.now();
      } else {
        this.counts.failed++;
        this.counts.lastError = result.error ?? 'not delivered';
      }
      this.changed();
    }
  }

  private changed(): void {
    this.options.onChange?.(this.stats());
  }
}

/** `http://localhost:4318` (any path, no query) -> its /v1/traces or /v1/metrics URL. */
export function signalUrl(endpoint: string, signal: 'traces' | 'metrics'): string {
  return `${endpoint.replace(/\/+$/, '').replace(/\/v1\/(traces|metrics)$/, '')}/v1/${signal}`;
}

/**
 * Checks an endpoint the user typed: an http(s) URL without credentials, query or fragment.
 * Returns the normalized endpoint (no trailing slash) or an error saying what to fix.
 */
export function validateEndpoint(input: string): { ok: true; endpoint: string; originPattern: string } | { ok: false; error: string } {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter the endpoint of an OTLP/HTTP receiver, for example http://localhost:4318.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `"${text}" is not a URL; enter one like http://localhost:4318.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: `The endpoint must start with http:// or https:// (got ${url.protocol}).` };
  if (url.username || url.password) return { ok: false, error: 'Remove the user name and password from the endpoint URL.' };
  if (url.search || url.hash) return { ok: false, error: 'Remove the query (?…) and fragment (#…) from the endpoint URL.' };
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1\/(traces|metrics)$/, '');
  return { ok: true, endpoint: `${url.origin}${path}`, originPattern: `${url.protocol}//${url.hostname}/*` };
}
