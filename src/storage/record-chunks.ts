/**
 * The layout made for reading of the two big tables (samples, requests): a session's records are
 * kept in chunks of up to CHUNK_RECORDS per IndexedDB record, each chunk sorted by time. An hour
 * of data is then a few hundred IndexedDB records instead of 120,000: reading one costs one
 * lookup and one structured clone, where a record per row cost a lookup and a clone per row and
 * made the panel's exports five times slower than the command line.
 * Chunks may overlap in time (a batch of a second page, DevTools' late details): readers merge them.
 */
import type { MetricSample, RequestRecord } from '../core/model';

/** Records per chunk: big enough that a read is a few hundred records, small enough that appending one batch rewrites little. */
export const CHUNK_RECORDS = 500;

/** The tables stored in chunks, and the object store of each. */
export type ChunkTable = 'samples' | 'requests';
export const CHUNK_STORES = { samples: 'sample-chunks', requests: 'request-chunks' } as const;

/** One IndexedDB record of a chunked table. `t` is its first record's time (what its index sorts on), `last` its last one's. */
export interface RecordChunk<T extends { t: number }> {
  sessionId: string;
  t: number;
  last: number;
  records: T[];
}

export type ChunkRecordOf<K extends ChunkTable> = K extends 'samples' ? MetricSample : RequestRecord;

/** Sorts records by time, keeping the order of records at the same time. */
export function byTime<T extends { t: number }>(records: readonly T[]): T[] {
  for (let i = 1; i < records.length; i++) if (records[i]!.t < records[i - 1]!.t) return records.map((r, k) => [r, k] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([r]) => r);
  return records.slice();
}

/** A chunk of sorted records. */
export function chunkOf<T extends { t: number }>(sessionId: string, sorted: T[]): RecordChunk<T> {
  return { sessionId, t: sorted[0]!.t, last: sorted[sorted.length - 1]!.t, records: sorted };
}

/** Sorted records cut into chunks of at most `size`. */
export function chunksOf<T extends { t: number }>(sessionId: string, records: readonly T[], size = CHUNK_RECORDS): RecordChunk<T>[] {
  const sorted = byTime(records);
  const chunks: RecordChunk<T>[] = [];
  for (let i = 0; i < sorted.length; i += size) chunks.push(chunkOf(sessionId, sorted.slice(i, i + size)));
  return chunks;
}

/** Two time-sorted lists as one; at equal times the first list's records come first. */
export function mergeByTime<T extends { t: number }>(a: readonly T[], b: readonly T[]): T[] {
  if (!a.length) return b.slice();
  if (!b.length || a[a.length - 1]!.t <= b[0]!.t) return [...a, ...b];
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = b[j]!.t < a[i]!.t ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * Merges chunks read in index order (first time, then key) into one time-ordered stream. `push`
 * takes the next chunks read and returns the records that no later chunk can precede: those
 * before the last chunk's first time. `end` returns the rest. At equal times, records of the
 * chunk read first come first.
 */
export class ChunkMerger<T extends { t: number }> {
  private pending: T[] = [];

  push(chunks: readonly RecordChunk<T>[]): T[] {
    if (!chunks.length) return [];
    // Chunks that do not overlap (the usual case) are joined in one copy, not merged pairwise.
    let inOrder = true;
    let end = this.pending.length ? this.pending[this.pending.length - 1]!.t : -Infinity;
    for (const chunk of chunks) {
      if (chunk.t < end) inOrder = false;
      end = Math.max(end, chunk.last);
    }
    let merged: T[];
    if (inOrder) merged = this.pending.concat(...chunks.map((chunk) => chunk.records));
    else {
      merged = this.pending;
      for (const chunk of chunks) merged = mergeByTime(merged, chunk.records);
    }
    // Every chunk not read yet starts at or after this time: what is before it is final.
    const bound = chunks[chunks.length - 1]!.t;
    let low = 0;
    let high = merged.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (merged[mid]!.t < bound) low = mid + 1;
      else high = mid;
    }
    this.pending = merged.slice(low);
    merged.length = low;
    return merged;
  }

  end(): T[] {
    const rest = this.pending;
    this.pending = [];
    return rest;
  }
}
