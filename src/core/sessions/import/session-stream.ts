/**
 * Imports a session file as a stream: bytes in, batches of validated records out to a sink,
 * the session row last. A session export is never held whole: each item of its lists is
 * checked (with the schema rules of ../schema.ts, the same as the whole-file reader) and given
 * its new identity as soon as it is parsed. A HAR is parsed whole (its entries refer to its
 * pages), then converted by the HAR reader and written in batches the same way.
 */
import * as v from 'valibot';
import type { AlertRecord, MetricSample, RequestRecord, Session, View } from '../../model';
import { SESSION_EXPORT_LISTS, SessionExportHeaderSchema, describeSchemaIssue, type SessionExportList } from '../schema';
import { SESSION_EXPORT_FORMAT } from '../export/json';
import { describeNonObject, describeUnknownDocument, ImportError } from './errors';
import { importHar, isHar, type HarImportOptions } from './har';
import { importedSessionRow, recordEnd, scopeRecord, sessionWithEnd } from './identity';
import { JsonStreamError, JsonStreamParser } from './json-stream';
import { assertExportVersion } from './json';
import { assertWithinLimit, decodeChunk, DEFAULT_MAX_IMPORT_BYTES, utf8Length } from './read';
import type { ImportedFormat } from './index';

/** Records of an imported session, under its new identity, ready to store. */
export interface ImportRecords {
  views: View[];
  samples: MetricSample[];
  requests: RequestRecord[];
  alerts: AlertRecord[];
}

/** Where a streaming import puts what it read. */
export interface ImportSink {
  /** Stores one batch of records (no session row yet: nothing is visible). */
  write(records: ImportRecords): Promise<void>;
  /** Stores the last batch and the session row, which makes the whole session visible at once. */
  finish(session: Session, records: ImportRecords): Promise<void>;
}

export interface StreamingImportOptions extends Omit<HarImportOptions, 'createId' | 'preserveIdentity'> {
  /** The new session's id (the caller knows it up front, to remove a cancelled import). */
  sessionId: string;
  /** Refuse files larger than this many bytes (default 200 MB). */
  maxBytes?: number;
  /** Records per batch handed to the sink (default 2,000). */
  batchSize?: number;
  /** Called after each chunk with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** What a finished streaming import stored. */
export interface StreamedImport {
  format: ImportedFormat;
  session: Session;
}

const LISTS = Object.keys(SESSION_EXPORT_LISTS) as SessionExportList[];
const emptyRecords = (): ImportRecords => ({ views: [], samples: [], requests: [], alerts: [] });

/** Any record an import writes. */
type Imported = ImportRecords[keyof ImportRecords][number];

/** How a record of one table is read: its end time, and the record as this import stores it (ids scoped to the session). */
interface RecordTable<T> {
  end(record: T): number;
  scope(record: T, sessionId: string): T;
}

const RECORD_TABLES: { [K in keyof ImportRecords]: RecordTable<ImportRecords[K][number]> } = {
  views: { end: recordEnd.view, scope: scopeRecord.view },
  samples: { end: recordEnd.sample, scope: scopeRecord.sample },
  requests: { end: recordEnd.request, scope: scopeRecord.request },
  alerts: { end: recordEnd.alert, scope: scopeRecord.alert },
};
const recordCount = (r: ImportRecords) => r.views.length + r.samples.length + r.requests.length + r.alerts.length;

/**
 * Reads `source` (a File's chunks, strings…) and stores it through `sink`. Throws ImportError
 * saying what is wrong and where (nothing is finished then: the caller removes the batches).
 */
export async function importSessionStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  sink: ImportSink,
  options: StreamingImportOptions,
): Promise<StreamedImport> {
  try {
    return await run(source, passThroughErrors(sink), options);
  } catch (error) {
    // The sink's own failures (storage full, a closed database) are no fault of the file.
    if (error instanceof SinkFailure) throw error.cause;
    if (error instanceof ImportError) throw error;
    if (error instanceof JsonStreamError) {
      throw new ImportError(`not valid JSON (${error.message})${error.truncated ? '; is the file complete?' : ''}`, { cause: error });
    }
    throw new ImportError(`the file could not be imported: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

class SinkFailure extends Error {}

function passThroughErrors(sink: ImportSink): ImportSink {
  const wrap = (error: unknown) => {
    throw new SinkFailure('the sink failed', { cause: error });
  };
  return {
    write: (records) => sink.write(records).catch(wrap),
    finish: (session, records) => sink.finish(session, records).catch(wrap),
  };
}

async function run(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  sink: ImportSink,
  options: StreamingImportOptions,
): Promise<StreamedImport> {
  const { sessionId } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const batchSize = options.batchSize ?? 2000;
  const counts = { views: 0, samples: 0, requests: 0, alerts: 0 };
  let batch = emptyRecords();
  let writing: Promise<void> = Promise.resolve();
  let end = -Infinity;
  /** Set once the document is known to be a session export of the version we read. */
  let isExport = false;
  /** Items that came before the file said what it is (another writer's key order): held until it does. */
  let early: [SessionExportList, number, unknown][] = [];

  const take = (list: SessionExportList, index: number, value: unknown) => {
    const result = v.safeParse(SESSION_EXPORT_LISTS[list], value, { abortEarly: true });
    if (!result.success) throw new ImportError(describeSchemaIssue(result.issues[0], 'indexed', [list, index]));
    // Automatic actions are checked but, as with the whole-file reader, not imported.
    if (list === 'actions') return;
    const table = RECORD_TABLES[list] as RecordTable<Imported>;
    end = Math.max(end, table.end(result.output as Imported));
    (batch[list] as Imported[]).push(table.scope(result.output as Imported, sessionId));
    counts[list]++;
  };
  /** True once the keys read so far say this is a session export; throws when they say it is not. */
  const knowsFormat = (doc: Record<string, unknown>): boolean => {
    if (!('format' in doc)) return false;
    if (doc.format !== SESSION_EXPORT_FORMAT) throw new ImportError(describeUnknownDocument(doc));
    if (!('version' in doc)) return false;
    assertExportVersion(doc);
    return true;
  };

  const parser = new JsonStreamParser({
    streamPaths: LISTS.map((list) => [list]),
    onElement(arrayPath, index, value) {
      const list = arrayPath as SessionExportList;
      if (!isExport) {
        isExport = knowsFormat(parser.document as Record<string, unknown>);
        if (!isExport) {
          early.push([list, index, value]);
          return;
        }
        for (const [l, i, item] of early) take(l, i, item);
        early = [];
      }
      take(list, index, value);
    },
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  for await (const chunk of source) {
    const at = bytes;
    bytes += typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
    assertWithinLimit(bytes, maxBytes);
    parser.write(typeof chunk === 'string' ? chunk : decodeChunk(decoder, chunk, false, at));
    options.onProgress?.(bytes);
    if (recordCount(batch) >= batchSize) {
      // One batch is stored while the next is parsed: the storage works while we do.
      await writing;
      writing = sink.write(batch);
      writing.catch(() => {});
      batch = emptyRecords();
    }
  }
  await writing;
  parser.write(decodeChunk(decoder, new Uint8Array(0), true, bytes));
  const doc = parser.end();
  const notObject = describeNonObject(doc);
  if (notObject) throw new ImportError(notObject);
  const root = doc as Record<string, unknown>;

  if (!isExport && !knowsFormat(root)) {
    if (isHar(root)) return importWholeHar(root, bytes, sink, options, batchSize);
    if (root.format === SESSION_EXPORT_FORMAT) assertExportVersion(root);
    throw new ImportError(describeUnknownDocument(root));
  }
  for (const [l, i, item] of early) take(l, i, item);
  for (const list of LISTS) {
    if (list === 'actions' && !(list in root)) continue;
    if (!Array.isArray(root[list])) throw new ImportError(`${list}: ${list in root ? `expected an array, got ${typeof root[list]}` : 'missing'}`);
  }
  const header = v.safeParse(SessionExportHeaderSchema, root, { abortEarly: true });
  if (!header.success) throw new ImportError(describeSchemaIssue(header.issues[0]));
  const { session } = header.output;
  const row = importedSessionRow(session, 'imported-json', sessionId, counts, bytes);
  const stored = session.endTime === null ? { ...row, endTime: Math.max(session.startTime, end) } : row;
  await sink.finish(stored, batch);
  return { format: 'json', session: stored };
}

/** A HAR, parsed whole, converted, and stored in batches like an export. */
async function importWholeHar(
  root: Record<string, unknown>,
  bytes: number,
  sink: ImportSink,
  options: StreamingImportOptions,
  batchSize: number,
): Promise<StreamedImport> {
  const data = importHar(root, bytes, { ...(options.name ? { name: options.name } : {}), createId: () => options.sessionId });
  const session = sessionWithEnd(data);
  let batch = emptyRecords();
  const flush = async () => {
    const full = batch;
    batch = emptyRecords();
    await sink.write(full);
  };
  for (const list of ['views', 'requests', 'samples'] as const) {
    for (const record of data[list]) {
      (batch[list] as Imported[]).push(record);
      if (recordCount(batch) >= batchSize) await flush();
    }
  }
  for (const alert of data.alerts) batch.alerts.push(alert);
  await sink.finish(session, batch);
  return { format: 'har', session };
}
