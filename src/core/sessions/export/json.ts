/**
 * The lossless export: the whole session as one JSON document, written item by item.
 *
 *   {"format":"admin-performance-session","version":1,"exportedAt":"…","sanitized":true,
 *    "session":{…},"notMeasured":[…],"views":[…],"samples":[…],"requests":[…],"alerts":[…],"actions":[…],"removed":{…}}
 *
 * "removed" (what the sanitizer took out, per kind) comes last because it is only known once
 * every item has been written; JSON readers do not care about key order.
 */
import { supportOf, unmeasured } from '../../metrics/browser-support';
import { sanitizeExportInput } from '../sanitize';
import { ChunkBuffer, writeEach } from '../stream';
import { isoTime } from '../time';
import type { ExportOptions, SessionExportInput, Source } from '../types';

export const SESSION_EXPORT_FORMAT = 'admin-performance-session';
export const SESSION_EXPORT_VERSION = 1;

export async function* exportJson(raw: SessionExportInput, options: ExportOptions = {}): AsyncGenerator<string> {
  const { input, sanitizer: clean } = sanitizeExportInput(raw, options);
  const out = new ChunkBuffer();
  const exportedAt = isoTime(options.now ?? Date.now());
  out.write(`{"format":"${SESSION_EXPORT_FORMAT}","version":${SESSION_EXPORT_VERSION},"exportedAt":"${exportedAt}","sanitized":${clean.active},\n`);
  out.write(`"session":${JSON.stringify(input.session)},\n`);
  // What the capturing browser did not expose: absent, not zero (e.g. CLS in Firefox).
  out.write(`"notMeasured":${JSON.stringify(unmeasured(supportOf(input.session, input.views)))},\n`);
  yield* jsonArray(out, 'views', input.views);
  yield* jsonArray(out, 'samples', input.samples);
  yield* jsonArray(out, 'requests', input.requests);
  yield* jsonArray(out, 'alerts', input.alerts);
  yield* jsonArray(out, 'actions', input.actions ?? []);
  out.write(`"removed":${JSON.stringify(clean.removed)}}\n`);
  yield out.take();
}

/** Writes `"name":[\n item,\n item\n],\n` (one item per line), yielding each full chunk. */
async function* jsonArray<T>(out: ChunkBuffer, name: string, items: Source<T>): AsyncGenerator<string> {
  out.write(`"${name}":[`);
  let separator = '\n';
  yield* writeEach(out, items, (item) => {
    out.write(separator + JSON.stringify(item));
    separator = ',\n';
  });
  out.write('\n],\n');
}
