/**
 * Panel -> background requests of OpenTelemetry sending: the opt-in setting (off by default)
 * and the state of the send queue. The panel asks Chrome for the endpoint's host permission
 * (a user gesture) before it turns the setting on; the background refuses to turn it on without.
 */
import type { SendQueueStats } from '../core/otlp/sender';

/** The user's setting: where finished sessions go, and whether they go at all. */
export interface OtlpSettings {
  enabled: boolean;
  /** An OTLP/HTTP base URL, e.g. http://localhost:4318 (traces go to /v1/traces, metrics to /v1/metrics). */
  endpoint: string;
}

/** The setting and what the sender has done since the service worker started. */
export interface OtlpStatus {
  settings: OtlpSettings;
  queue: SendQueueStats;
}

export const DEFAULT_OTLP_SETTINGS: OtlpSettings = { enabled: false, endpoint: 'http://localhost:4318' };

export interface OtlpRequests {
  otlpStatus: Record<string, never>;
  /** Saves the setting; turning it on needs the endpoint's host permission already granted. */
  setOtlpSettings: OtlpSettings;
  /** Queues one stored session for sending now (the setting must be on). */
  sendSessionOtlp: { sessionId: string };
}

export interface OtlpReplies {
  otlpStatus: OtlpStatus;
  setOtlpSettings: OtlpStatus;
  sendSessionOtlp: OtlpStatus;
}
