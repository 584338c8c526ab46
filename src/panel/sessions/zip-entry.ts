/**
 * A zip entry deflated by the platform's CompressionStream ("deflate-raw", native zlib in
 * Chromium and Firefox) instead of fflate's deflate in JavaScript: at one hour of data the
 * JavaScript deflate (level 1) was a fifth of the CSV export's time; native zlib took 0.6× as
 * long on the same text and wrote a fifth fewer bytes. fflate's Zip still writes the archive around it (headers, data descriptor,
 * central directory). Every browser the extension supports has it (Chrome 103+, Firefox 113+).
 */
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { crc32 } from '../../storage/body-compression';

/** The zip method number of deflate (APPNOTE.TXT 4.4.5). */
const DEFLATE = 8;

/** One file of a zip, fed bytes with push() and finished with end(); add it to a fflate Zip first. */
export class NativeDeflateEntry implements ZipInputFile {
  readonly compression = DEFLATE;
  /** Uncompressed bytes and their CRC-32, final once end() has resolved (the data descriptor carries them). */
  size = 0;
  crc = 0;
  ondata?: AsyncFlateStreamHandler;
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
  private drained: Promise<void> | null = null;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
  ) {
    const stream = new CompressionStream('deflate-raw');
    this.writer = stream.writable.getWriter();
    this.readable = stream.readable;
  }

  /** Adds bytes; resolves when the compressor can take more (so a fast reader does not queue the whole file). */
  async push(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    this.drained ??= this.startDrain();
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    await this.writer.ready;
    // A failed write also fails `ready` and close(), which report it.
    this.writer.write(bytes).catch(() => undefined);
  }

  /** Ends the file: resolves once every compressed byte, and the last chunk, went to the zip. */
  async end(): Promise<void> {
    this.drained ??= this.startDrain();
    await this.writer.close();
    await this.drained;
  }

  private startDrain(): Promise<void> {
    if (!this.ondata) throw new Error(`${this.filename}: add the entry to the zip before writing to it.`);
    const drained = this.drain(this.ondata);
    // Awaited by end(); a push that fails first must not leave it unhandled.
    drained.catch(() => undefined);
    return drained;
  }

  private async drain(ondata: AsyncFlateStreamHandler): Promise<void> {
    const reader = this.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      ondata(null, value, false);
    }
    ondata(null, new Uint8Array(0), true);
  }
}

/** A file's deflated bytes and what its zip entry's data descriptor needs. */
export interface DeflatedFile {
  /** CRC-32 and length of the uncompressed bytes. */
  crc: number;
  size: number;
  /** The deflate-raw stream, in parts. */
  data: Uint8Array<ArrayBuffer>[];
}

/** A deflater of one file's bytes, pushed in order (as NativeDeflateEntry writes them into a zip). */
export interface Deflater {
  /** Resolves when the compressor can take more. */
  push(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  end(): Promise<DeflatedFile>;
}

/** A Deflater on the platform's deflate. */
export function createDeflater(): Deflater {
  const entry = new NativeDeflateEntry('', new Date(0));
  const data: Uint8Array<ArrayBuffer>[] = [];
  entry.ondata = (error, bytes) => {
    if (error) throw error;
    if (bytes.length) data.push(bytes as Uint8Array<ArrayBuffer>);
  };
  return {
    push: (bytes) => entry.push(bytes),
    async end() {
      await entry.end();
      return { crc: entry.crc, size: entry.size, data };
    },
  };
}

/** Deflates a text file as UTF-8. */
export async function deflateText(chunks: AsyncIterable<string>): Promise<DeflatedFile> {
  const deflater = createDeflater();
  const encoder = new TextEncoder();
  for await (const chunk of chunks) await deflater.push(encoder.encode(chunk));
  return deflater.end();
}

/** One file of a zip deflated already (deflateText): add it to a fflate Zip, then emit() it. */
export class DeflatedEntry implements ZipInputFile {
  readonly compression = DEFLATE;
  readonly crc: number;
  readonly size: number;
  ondata?: AsyncFlateStreamHandler;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
    private readonly file: DeflatedFile,
  ) {
    this.crc = file.crc;
    this.size = file.size;
  }

  /** Hands the zip every byte and the end of the file. */
  emit(): void {
    if (!this.ondata) throw new Error(`${this.filename}: add the entry to the zip before emitting it.`);
    for (const bytes of this.file.data) this.ondata(null, bytes, false);
    this.ondata(null, new Uint8Array(0), true);
  }
}

/** An fflate Zip whose output is kept; `blob()` ends it and gives the archive (or its error). */
export function collectingZip(): { zip: Zip; failure(): Error | null; blob(): Blob } {
  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else parts.push(data);
    if (final) finished = true;
  });
  return {
    zip,
    failure: () => failure,
    blob() {
      zip.end();
      if (failure) throw failure;
      // Each entry has handed the zip all of its data before it ended.
      if (!finished) throw new Error('The zip archive was not completed; try the export again.');
      return new Blob(parts as BlobPart[], { type: 'application/zip' });
    },
  };
}

/** A zip of files deflated already, in this order, as the streaming zip writer (file-writer.ts) lays them out. */
export function zipOfDeflated(files: readonly { name: string; file: DeflatedFile }[], mtime = new Date()): Blob {
  const archive = collectingZip();
  for (const { name, file } of files) {
    const entry = new DeflatedEntry(name, mtime, file);
    archive.zip.add(entry);
    entry.emit();
  }
  return archive.blob();
}
