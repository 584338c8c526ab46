/**
 * Imports a session file as a stream: bytes in, batches of validated records out to a sink,
 * the session row last. A session export is never held whole: each item of its lists is
 * checked (with the schema rules of ../schema.ts, the same as the whole-file reader) and given
 * its new identity as soon as it is parsed. A HAR is read the same way: its pages are kept
 * (a few, one per navigation), each entry is checked and converted to a request as soon as it
 * is parsed. An entry's view depends on every page, so a HAR whose entries come before its
 * pages (or that has none) is read twice when the caller can give its bytes again: once to
 * check it and learn its pages, once to convert and write.
 */
import * as v from 'valibot';
import type { AlertRecord, MetricSample, RequestRecord, Session, View } from '../../model';
import { SESSION_EXPORT_LISTS, SessionExportHeaderSchema, describeSchemaIssue, type SessionExportList } from '../schema';
import { SESSION_EXPORT_FORMAT } from '../export/json';
import { describeNonObject, describeUnknownDocument, ImportError } from './errors';
import { checkHarEntry, checkHarPage, checkHarSkeleton, HarConversion, isHar, type HarEntry, type HarImportOptions, type HarPage } from './har';
import { importedSessionRow, recordEnd, scopeRecord } from './identity';
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
  /**
   * Called after each chunk with the bytes read so far. When a HAR is read twice (see reread),
   * each read counts half: the count still rises steadily to the file's size.
   */
  onProgress?: (bytesRead: number) => void;
  /**
   * The same bytes again, from the start. A HAR whose entries come before its pages is then
   * read twice instead of having its entries held in memory until its pages are known.
   */
  reread?: () => ImportChunks;
}

/** The bytes of a file as chunks (a File's stream, a Node read stream, strings…). */
export type ImportChunks = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

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
  source: ImportChunks,
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

/** Feeds the chunks to the parser (bytes counted against the limit, UTF-8 checked); `afterChunk` runs after each. */
async function pump(source: ImportChunks, parser: JsonStreamParser, maxBytes: number, afterChunk: (bytes: number) => Promise<void>): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  for await (const chunk of source) {
    const at = bytes;
    bytes += typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
    assertWithinLimit(bytes, maxBytes);
    parser.write(typeof chunk === 'string' ? chunk : decodeChunk(decoder, chunk, false, at));
    await afterChunk(bytes);
  }
  parser.write(decodeChunk(decoder, new Uint8Array(0), true, bytes));
  return bytes;
}

const HAR_ENTRIES = 'log.entries';
const HAR_PAGES = 'log.pages';
const HAR_PATHS = [['log', 'entries'], ['log', 'pages']] as const;

/**
 * The HAR side of the first read: pages checked and kept as they come; entries checked and,
 * once every page is read, converted. Entries that come before the pages are only checked
 * (and, when the bytes cannot be read again, kept until the pages are known).
 */
class HarFirstRead {
  readonly pages: HarPage[] = [];
  private pagesRead = false;
  conversion: HarConversion | null = null;
  /** Entries came before the pages were all read: they are converted after this read. */
  entriesFirst = false;
  /** Those entries, when they cannot be read again. */
  readonly held: HarEntry[] = [];
  /** Entries read (a session export, told apart later by its keys, must have none). */
  entriesSeen = 0;

  constructor(
    private readonly sessionId: string,
    private readonly canReread: boolean,
    private readonly push: (request: RequestRecord) => void,
  ) {}

  element(list: string, index: number, value: unknown): void {
    if (list === HAR_PAGES) {
      this.pages.push(checkHarPage(value, index));
      return;
    }
    const entry = checkHarEntry(value, index);
    this.entriesSeen++;
    if (!this.conversion && !this.entriesFirst) {
      if (this.pagesRead) this.conversion = new HarConversion(this.sessionId, this.pages);
      else this.entriesFirst = true;
    }
    if (this.conversion) this.push(this.conversion.request(entry));
    else if (!this.canReread) this.held.push(entry);
  }

  arrayEnd(list: string): void {
    if (list === HAR_PAGES) this.pagesRead = true;
  }
}

async function run(source: ImportChunks, sink: ImportSink, options: StreamingImportOptions): Promise<StreamedImport> {
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
  const reread = options.reread;
  const har = new HarFirstRead(sessionId, reread !== undefined, (request) => batch.requests.push(request));
  let reported = 0;
  const report = (bytes: number) => {
    reported = Math.max(reported, bytes);
    options.onProgress?.(reported);
  };
  /** After each chunk: one batch is stored while the next is parsed, so the storage works while we do. */
  const writeWhenFull = async () => {
    if (recordCount(batch) < batchSize) return;
    await writing;
    writing = sink.write(batch);
    writing.catch(() => {});
    batch = emptyRecords();
  };

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
    streamPaths: [...LISTS.map((list) => [list]), ...HAR_PATHS],
    onElement(arrayPath, index, value) {
      if (arrayPath === HAR_ENTRIES || arrayPath === HAR_PAGES) {
        // A session export's `log`, if it had one, is none of its lists (as for the whole-file reader).
        if (!isExport && !('format' in (parser.document as Record<string, unknown>))) har.element(arrayPath, index, value);
        return;
      }
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
    onArrayEnd: (arrayPath) => har.arrayEnd(arrayPath),
  });

  // A HAR read twice counts each read as half of the progress.
  const readTwice = () => har.entriesFirst && reread !== undefined;
  const bytes = await pump(source, parser, maxBytes, async (read) => {
    report(readTwice() ? Math.floor(read / 2) : read);
    await writeWhenFull();
  });
  await writing;
  const doc = parser.end();
  const notObject = describeNonObject(doc);
  if (notObject) throw new ImportError(notObject);
  const root = doc as Record<string, unknown>;

  if (!isExport && !knowsFormat(root)) {
    if (isHar(root)) return finishHar();
    if (root.format === SESSION_EXPORT_FORMAT) assertExportVersion(root);
    throw new ImportError(describeUnknownDocument(root));
  }
  if (har.entriesSeen > 0) throw new ImportError('not a HAR or Admin Performance export: it has both a "format" and a HAR "log"; remove one');
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

  /** The rest of a HAR: its entries converted now if they came before its pages, then the views and the session row. */
  async function finishHar(): Promise<StreamedImport> {
    checkHarSkeleton(root);
    let conversion = har.conversion ?? new HarConversion(sessionId, har.pages);
    if (har.entriesFirst && reread) {
      conversion = new HarConversion(sessionId, har.pages);
      const second = conversion;
      const again = new JsonStreamParser({
        streamPaths: HAR_PATHS,
        onElement(arrayPath, index, value) {
          if (arrayPath === HAR_ENTRIES) batch.requests.push(second.request(checkHarEntry(value, index)));
        },
      });
      const bytesAgain = await pump(reread(), again, maxBytes, async (read) => {
        report(Math.floor((bytes + Math.min(read, bytes)) / 2));
        await writeWhenFull();
      });
      await writing;
      again.end();
      if (bytesAgain !== bytes) throw new ImportError('the file changed while it was read; import it again');
    } else if (har.entriesFirst) {
      for (const entry of har.held) {
        batch.requests.push(conversion.request(entry));
        await writeWhenFull();
      }
      await writing;
    }
    const { session, views } = conversion.finish(bytes, options.name);
    batch.views.push(...views);
    await sink.finish(session, batch);
    return { format: 'har', session };
  }
}
