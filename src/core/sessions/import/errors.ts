/**
 * The one error an import throws: its message says what is wrong and where, e.g.
 * `requests[3].duration: expected a number, got "abc"`. Nothing is imported when it is thrown.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}
