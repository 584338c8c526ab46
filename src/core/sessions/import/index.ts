/**
 * Imports a session file: an Admin Performance JSON export or a HAR, told apart by content.
 * Either the whole session comes back, or an ImportError saying what is wrong; never a part.
 */
import type { SessionData } from '../../model';
import { describeNonObject, describeUnknownDocument, ImportError } from './errors';
import { importHar, isHar, type HarImportOptions } from './har';
import { importJsonExport, isSessionExport } from './json';
import { DEFAULT_MAX_IMPORT_BYTES, readImportText, type ImportSource } from './read';

export { ImportError } from './errors';
export { DEFAULT_MAX_IMPORT_BYTES, assertWithinLimit, type ImportSource } from './read';

export interface ImportOptions extends HarImportOptions {
  /** Refuse files larger than this many bytes (default 200 MB). */
  maxBytes?: number;
}

export type ImportedFormat = 'json' | 'har';

export async function importSession(source: ImportSource, options: ImportOptions = {}): Promise<SessionData> {
  return (await importSessionWithFormat(source, options)).data;
}

/** Like importSession, and says which format the file was. */
export async function importSessionWithFormat(
  source: ImportSource,
  options: ImportOptions = {},
): Promise<{ format: ImportedFormat; data: SessionData }> {
  try {
    const { text, bytes } = await readImportText(source, options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES);
    const parsed = parseDocument(text);
    if (isSessionExport(parsed)) return { format: 'json', data: importJsonExport(parsed, bytes, options) };
    if (isHar(parsed)) return { format: 'har', data: importHar(parsed, bytes, options) };
    throw new ImportError(describeUnknownDocument(parsed));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    // A bug of ours, or memory running out: still an ImportError, so callers have one case.
    throw new ImportError(`the file could not be imported: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function parseDocument(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new ImportError('the file is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`not valid JSON (${error instanceof Error ? error.message : String(error)}); is the file complete?`);
  }
  const notObject = describeNonObject(parsed);
  if (notObject) throw new ImportError(notObject);
  return parsed as Record<string, unknown>;
}
