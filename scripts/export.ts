/**
 * Converts a saved session for CI jobs and other tools:
 *   npm run export -- session.json --format har|trace|csv|report|json|otlp [--out PATH] [--no-sanitize]
 * Exit codes: 0 written, 2 bad arguments or an invalid input file, 1 anything else.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  assertWithinLimit,
  DEFAULT_MAX_IMPORT_BYTES,
  describeRemoved,
  EXPORT_FORMATS,
  exportInputFrom,
  findExportFormat,
  ImportError,
  importSessionWithFormat,
  startExport,
  type ExportFile,
  type ExportFormatId,
} from '../src/core/sessions/index';

const FORMAT_IDS = EXPORT_FORMATS.map((format) => format.id);
/** A HAR holds only requests: these formats have something to say about it. */
const FORMATS_FOR_HAR: readonly ExportFormatId[] = ['json', 'trace', 'report', 'otlp'];

const USAGE = `Usage: npm run export -- FILE --format ${FORMAT_IDS.join('|')} [--out PATH] [--no-sanitize]

Converts an Admin Performance session export (.json) into another format. A HAR file
can be converted too, to json, trace, report or otlp.

  -f, --format FORMAT  ${EXPORT_FORMATS.map((format) => `${format.id}: ${format.title}`).join('\n                       ')}
  -o, --out PATH       Where to write (default: next to FILE, named after it). For csv and
                       otlp, the stem of the files: PATH.samples.csv, PATH.otlp-traces.json, ...
      --no-sanitize    Keep cookies, authorization headers and secret URL parameters
                       (sanitized by default).
  -h, --help           Show this help.

Exit codes: 0 written, 2 bad arguments or invalid input file, 1 unexpected error.`;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

interface CliArgs {
  file: string;
  format: ExportFormatId;
  out: string | undefined;
  sanitize: boolean;
}

/** Runs the CLI; returns the exit code (so tests can run it in-process). */
export async function runExportCli(argv: string[], io: CliOutput = consoleOutput): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    io.err('Run with --help for usage.');
    return 2;
  }
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    await convert(args, io);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      io.err(`error: ${args.file}: ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

function parseCliArgs(argv: string[]): CliArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      'no-sanitize': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new Error(positionals.length === 0 ? 'no input FILE given' : `one input FILE expected, got ${positionals.length}`);
  }
  const format = values.format;
  if (!format) throw new Error(`--format is required (${FORMAT_IDS.join(', ')})`);
  if (!findExportFormat(format)) throw new Error(`unknown --format "${format}" (expected ${FORMAT_IDS.join(', ')})`);
  return { file: positionals[0] as string, format: format as ExportFormatId, out: values.out, sanitize: !values['no-sanitize'] };
}

async function convert(args: CliArgs, io: CliOutput): Promise<void> {
  const size = await stat(args.file).then(
    (info) => info.size,
    () => {
      throw new UsageError(`cannot read ${args.file} (does it exist?)`);
    },
  );
  assertWithinLimit(size, DEFAULT_MAX_IMPORT_BYTES);
  const { format: inputFormat, data } = await importSessionWithFormat(createReadStream(args.file), { preserveIdentity: true });
  if (inputFormat === 'har' && !FORMATS_FOR_HAR.includes(args.format)) {
    throw new UsageError(`${args.file} is a HAR file, which converts to ${FORMATS_FOR_HAR.join(', ')}, not ${args.format}`);
  }
  const { files, sanitizer } = startExport(args.format, exportInputFrom(data), { sanitize: args.sanitize });
  const multi = files.length > 1;
  const targets = files.map((file) => ({ file, path: outputPath(args, file, multi) }));
  for (const { file, path } of targets) {
    const bytes = await writeChunks(path, file);
    io.out(`wrote ${path} (${formatSize(bytes)})`);
  }
  io.out(sanitizer.active ? `sanitized: removed ${describeRemoved(sanitizer.removed)}` : 'not sanitized: full export (--no-sanitize)');
}

/**
 * --out as given for a one-file format, as the stem of several files; by default next to the
 * input and named after it (session.json -> session.har), never over the input itself.
 */
function outputPath(args: CliArgs, file: ExportFile, multi: boolean): string {
  if (args.out && !multi) return args.out;
  const stem = args.out ? args.out.replace(/\.csv$/i, '') : join(dirname(args.file), basename(args.file, extname(args.file)));
  const path = stem + file.suffix;
  return resolve(path) === resolve(args.file) ? `${stem}.export${file.suffix}` : path;
}

async function writeChunks(path: string, file: ExportFile): Promise<number> {
  let bytes = 0;
  async function* counted() {
    for await (const chunk of file.chunks) {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  }
  try {
    await pipeline(counted, createWriteStream(path));
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw new UsageError(`cannot write ${path}: ${error.message}`);
    throw error;
  }
  return bytes;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runExportCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
