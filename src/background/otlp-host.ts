/**
 * Sends finished sessions to the OTLP/HTTP endpoint the user turned on (off by default):
 * when a session ends (recording stopped or its tab closed), or when the user asks. A bounded
 * queue runs behind capture: ending a session only adds its id, never waits for the network,
 * and a batch is retried per the OTLP policy (src/core/otlp/sender.ts). Payloads are always
 * sanitized. The queue lives in this worker: if Chrome stops the worker, what was still queued
 * is not sent (the session stays stored; "Send now" sends it again).
 */
import browser from 'webextension-polyfill';
import { sessionBatches } from '../core/otlp/batches';
import {
  DEFAULT_RETRY_POLICY,
  deliverWithRetry,
  SendQueue,
  signalUrl,
  validateEndpoint,
  type DeliveryResult,
  type SendQueueStats,
  type TransportResult,
} from '../core/otlp/sender';
import { DEFAULT_OTLP_SETTINGS, type OtlpRequests, type OtlpSettings, type OtlpStatus } from '../shared/protocol-otlp';
import type { SessionStore } from '../storage/session-store';
import type { BackgroundContext, HandlerMap } from './handlers';

const SETTINGS_KEY = 'otlpSettings';
/** Sessions waiting to be sent at most; the oldest waiting one is dropped beyond it. */
const MAX_QUEUED_SESSIONS = 20;
/** An extension API call this often keeps Chrome from stopping the worker during a backoff wait. */
const KEEP_ALIVE_MS = 20_000;

/** The background's OTLP sender. */
export interface OtlpSender {
  status(): Promise<OtlpStatus>;
  saveSettings(settings: OtlpSettings): Promise<OtlpStatus>;
  /** Queues a session if sending is on; returns at once. */
  sessionEnded(sessionId: string): void;
  /** Queues a session now; the setting must be on. */
  sendNow(sessionId: string): Promise<OtlpStatus>;
}

async function readSettings(): Promise<OtlpSettings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<OtlpSettings> | undefined;
  return {
    enabled: stored?.enabled === true,
    endpoint: typeof stored?.endpoint === 'string' ? stored.endpoint : DEFAULT_OTLP_SETTINGS.endpoint,
  };
}

async function hasPermission(endpoint: string): Promise<boolean> {
  const checked = validateEndpoint(endpoint);
  return checked.ok && browser.permissions.contains({ origins: [checked.originPattern] });
}

async function post(url: string, body: unknown): Promise<TransportResult> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  // The body of a reply is not needed (a partial success is logged by the collector itself).
  await response.body?.cancel();
  return { status: response.status, retryAfter: response.headers.get('Retry-After') };
}

async function sleepKeepingAlive(ms: number): Promise<void> {
  let left = ms;
  while (left > 0) {
    const step = Math.min(left, KEEP_ALIVE_MS);
    await new Promise((resolve) => setTimeout(resolve, step));
    left -= step;
    if (left > 0) await browser.runtime.getPlatformInfo();
  }
}

export function createOtlpSender(store: Promise<SessionStore>): OtlpSender {
  const deliverSession = async (sessionId: string): Promise<DeliveryResult> => {
    const settings = await readSettings();
    if (!settings.enabled) return { delivered: false, attempts: 0, error: 'sending was turned off before this session was sent', waits: [] };
    if (!(await hasPermission(settings.endpoint))) {
      return { delivered: false, attempts: 0, error: `Chrome has no access to ${settings.endpoint}; turn sending off and on again and allow access when Chrome asks`, waits: [] };
    }
    const data = await (await store).loadSession(sessionId);
    if (!data) return { delivered: false, attempts: 0, error: `session ${sessionId} is no longer stored`, waits: [] };
    const { batches } = sessionBatches(data);
    let attempts = 0;
    const waits: number[] = [];
    for (const batch of batches) {
      const result = await deliverWithRetry(
        { send: () => post(signalUrl(settings.endpoint, batch.signal), batch.body), sleep: sleepKeepingAlive, now: Date.now, random: Math.random },
        DEFAULT_RETRY_POLICY,
      );
      attempts += result.attempts;
      waits.push(...result.waits);
      if (!result.delivered) return { delivered: false, attempts, error: `${batch.signal} of "${data.session.name}": ${result.error ?? 'not delivered'}`, waits };
    }
    return { delivered: true, attempts, waits };
  };

  const queue = new SendQueue<string>(deliverSession, { maxQueued: MAX_QUEUED_SESSIONS, now: Date.now });
  const status = async (): Promise<OtlpStatus> => ({ settings: await readSettings(), queue: queue.stats() as SendQueueStats });

  return {
    status,
    async saveSettings(input) {
      const enabled = input?.enabled === true;
      const checked = validateEndpoint(String(input?.endpoint ?? ''));
      if (!checked.ok) {
        if (enabled) throw new Error(checked.error);
        await browser.storage.local.set({ [SETTINGS_KEY]: { enabled: false, endpoint: String(input?.endpoint ?? '') } });
        return status();
      }
      if (enabled && !(await hasPermission(checked.endpoint))) {
        throw new Error(`Chrome has not granted access to ${checked.originPattern}: sending stays off. Turn it on again and choose Allow when Chrome asks.`);
      }
      await browser.storage.local.set({ [SETTINGS_KEY]: { enabled, endpoint: checked.endpoint } });
      return status();
    },
    sessionEnded(sessionId) {
      void readSettings().then((settings) => {
        if (settings.enabled) queue.enqueue(sessionId);
      });
    },
    async sendNow(sessionId) {
      const settings = await readSettings();
      if (!settings.enabled) throw new Error('Sending to an OTLP endpoint is off: turn it on first (Send sessions to OpenTelemetry).');
      if (!(await (await store).getSession(sessionId))) throw new Error(`Session ${sessionId} is no longer stored.`);
      queue.enqueue(sessionId);
      return status();
    },
  };
}

/** The panel's requests of OTLP sending. */
export function otlpHandlers(context: BackgroundContext): HandlerMap<keyof OtlpRequests> {
  return {
    otlpStatus: () => context.otlp.status(),
    setOtlpSettings: (settings) => context.otlp.saveSettings(settings),
    sendSessionOtlp: ({ sessionId }) => context.otlp.sendNow(String(sessionId)),
  };
}
