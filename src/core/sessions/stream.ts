import type { Source } from './types';

/** About 64 K characters per chunk: few enough chunks for a Blob, small enough to stay lean. */
export const CHUNK_CHARS = 64 * 1024;

/**
 * Collects an exporter's output into chunks of about `size` characters, so a consumer (a Blob,
 * a file stream) handles hundreds of chunks instead of a piece per item, and an exporter
 * yields (an async step) once per chunk rather than once per item.
 */
export class ChunkBuffer {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly size = CHUNK_CHARS) {}

  write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  /** True once a chunk's worth is buffered: time to `yield buffer.take()`. */
  get full(): boolean {
    return this.length >= this.size;
  }

  /** The buffered text (possibly empty), and an empty buffer. */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/**
 * The items of a source in arrays of up to `size`: a sync source (an array) is read without
 * an await per item, which would otherwise cost more than writing the item.
 */
export async function* inBatches<T>(source: Source<T>, size = 512): AsyncGenerator<T[]> {
  let batch: T[] = [];
  if (Symbol.iterator in source) {
    for (const item of source) {
      batch.push(item);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } else {
    for await (const item of source) {
      batch.push(item);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Writes every item of a source into `out`, yielding a chunk whenever one is full. */
export async function* writeEach<T>(out: ChunkBuffer, items: Source<T>, write: (item: T) => void): AsyncGenerator<string> {
  for await (const batch of inBatches(items)) {
    for (const item of batch) {
      write(item);
      if (out.full) yield out.take();
    }
  }
}

/** Reads a whole stream into a string (tests and small outputs only). */
export async function streamToString(chunks: Source<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join('');
}

/** Keeps the `limit` largest items by `score`, in descending order, without holding the rest. */
export class TopN<T> {
  private readonly items: { item: T; score: number }[] = [];

  constructor(
    private readonly limit: number,
    private readonly score: (item: T) => number,
  ) {}

  add(item: T): void {
    const score = this.score(item);
    const items = this.items;
    if (items.length === this.limit && score <= (items[items.length - 1]?.score ?? -Infinity)) return;
    let index = items.length;
    while (index > 0 && (items[index - 1]?.score ?? Infinity) < score) index--;
    items.splice(index, 0, { item, score });
    if (items.length > this.limit) items.pop();
  }

  values(): T[] {
    return this.items.map((entry) => entry.item);
  }
}
