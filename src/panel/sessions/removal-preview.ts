/**
 * What a sanitized export of a stored session will remove, counted before exporting by
 * running the sanitizer over every record (read page by page, nothing written).
 */
import { createSanitizer, type RemovedCounts } from '../../core/sessions/index';
import type { Database } from '../../storage/db';
import { readExportInput } from './stored-session';

/**
 * Beyond this many records the preview would take seconds (reading 100,000 samples took 4-8 s
 * on a busy 2-core machine) and slow down an export started meanwhile: the export reports
 * the counts instead.
 */
export const PREVIEW_MAX_RECORDS = 20_000;

/** The counts for the lossless JSON export (the other formats leave some data out, so remove at most this). */
export async function previewRemovals(db: Database, sessionId: string, signal?: AbortSignal): Promise<RemovedCounts | null> {
  const input = await readExportInput(db, sessionId, { signal });
  if (input.total > PREVIEW_MAX_RECORDS) return null;
  const sanitizer = createSanitizer();
  sanitizer.session(input.session);
  input.views.forEach(sanitizer.view);
  for await (const sample of input.samples) sanitizer.sample(sample);
  for await (const request of input.requests) sanitizer.request(request);
  for await (const alert of input.alerts) sanitizer.alert(alert);
  return { ...sanitizer.removed };
}
