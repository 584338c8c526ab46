/**
 * The one error an import throws: its message says what is wrong and where, e.g.
 * `requests[3].duration: expected a number, got "abc"`. Nothing is imported when it is thrown.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** Why a parsed JSON value is no document we import (it is not an object), or null when it is one. */
export function describeNonObject(parsed: unknown): string | null {
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return null;
  const got = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
  return `not a HAR or Admin Performance export: expected a JSON object, got ${got}`;
}

/** Why a JSON object is neither a session export nor a HAR. */
export function describeUnknownDocument(parsed: Record<string, unknown>): string {
  if (typeof parsed.format === 'string') {
    return `not an Admin Performance export: unknown format ${JSON.stringify(parsed.format)}`;
  }
  if ('traceEvents' in parsed) {
    return 'this is a Chrome trace, which cannot be imported; import a session JSON export or a HAR file';
  }
  return 'not a HAR or Admin Performance export: missing "log"';
}
