/**
 * The lossless export: the whole session as one JSON document, written item by item.
 *
 *   {"format":"admin-performance-session","version":1,"exportedAt":"…","sanitized":true,
 *    "session":{…},"notMeasured":[…],"views":[…],"samples":[…],"requests":[…],"alerts":[…],"removed":{…}}
 *
 * "removed" (what the sanitizer took out, per kind) comes last because it is only known once
 * every item has been written; JSON readers do not care about key order.
 */
import { supportOf, unmeasured } from '../../metrics/browser-support';
import { resolveSanitizer } from '../sanitize';
import { ChunkBuffer, writeEach } from '../stream';
import { isoTime } from '../time';
import type { ExportOptions, SessionExportInput, Source } from '../types';

export const SESSION_EXPORT_FORMAT = 'admin-performance-session';
export const SESSION_EXPORT_VERSION = 1;

export async function* exportJson(input: SessionExportInput, options: ExportOptions = {}): AsyncGenerator<string> {
  const clean = resolveSanitizer(options);
  const out = new ChunkBuffer();
  const exportedAt = isoTime(options.now ?? Date.now());
  out.write(`{"format":"${SESSION_EXPORT_FORMAT}","version":${SESSION_EXPORT_VERSION},"exportedAt":"${exportedAt}","sanitized":${clean.active},\n`);
  out.write(`"session":${JSON.stringify(clean.session(input.session))},\n`);
  // What the capturing browser did not expose: absent, not zero (e.g. CLS in Firefox).
  out.write(`"notMeasured":${JSON.stringify(unmeasured(supportOf(input.session, input.views)))},\n`);
  yield* jsonArray(out, 'views', input.views, clean.view);
  yield* jsonArray(out, 'samples', input.samples, clean.sample);
  yield* jsonArray(out, 'requests', input.requests, clean.request);
  yield* jsonArray(out, 'alerts', input.alerts, clean.alert);
  out.write(`"removed":${JSON.stringify(clean.removed)}}\n`);
  yield out.take();
}

/** Writes `"name":[\n item,\n item\n],\n` (one item per line), yielding each full chunk. */
async function* jsonArray<T>(out: ChunkBuffer, name: string, items: Source<T>, map: (item: T) => T): AsyncGenerator<string> {
  out.write(`"${name}":[`);
  let separator = '\n';
  yield* writeEach(out, items, (item) => {
    out.write(separator + JSON.stringify(map(item)));
    separator = ',\n';
  });
  out.write('\n],\n');
}
