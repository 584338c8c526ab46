import type { AlertRecord, AutomaticActionRecord, MetricSample, RequestRecord, Session, SessionData, View } from '../model';
import type { Sanitizer } from './sanitize';

/** Items one at a time: an array, or an async generator over an IndexedDB cursor. */
export type Source<T> = Iterable<T> | AsyncIterable<T>;

/**
 * What every exporter reads. Views are few and given whole; the big tables are streams, in
 * time order. An exporter reads each stream at most once, so one-shot generators are fine.
 */
export interface SessionExportInput {
  session: Session;
  views: readonly View[];
  samples: Source<MetricSample>;
  requests: Source<RequestRecord>;
  alerts: Source<AlertRecord>;
  /** Automatic actions taken for the session's alerts (none when absent). */
  actions?: Source<AutomaticActionRecord>;
}

export interface ExportOptions {
  /** Remove cookies, credentials and secret-looking parameters (default true). */
  sanitize?: boolean;
  /**
   * The sanitizer to count removals with; pass your own to read `sanitizer.removed` once the
   * output has been consumed. Ignored when `sanitize` is false.
   */
  sanitizer?: Sanitizer;
  /** Epoch ms of the export, written into the output (default Date.now()). */
  now?: number;
}

/** Who wrote an exported file (HAR creator, trace metadata, report footer). */
export const CREATOR = { name: 'Admin Performance', version: '0.1.0' } as const;

/** Wraps a fully loaded session as exporter input. */
export function exportInputFrom(data: SessionData): SessionExportInput {
  return { session: data.session, views: data.views, samples: data.samples, requests: data.requests, alerts: data.alerts, actions: data.actions ?? [] };
}
