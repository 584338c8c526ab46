/** Bad input to the CI runner: the flag or the field of a file, and what is wrong with it. */
export class CiInputError extends Error {
  constructor(
    /** `--runs`, or a field path inside a file: `metrics.LCP.values[2]`. */
    readonly field: string,
    message: string,
    /** The file it was read from, when it was. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'CiInputError';
  }
}
