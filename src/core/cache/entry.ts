/**
 * The stored shape of one cache entry's metadata, and the only way to read one back: entries of
 * the current format are checked field by field; entries of an older format are migrated when a
 * migration exists and dropped otherwise; anything else (newer format, damaged) is dropped.
 * An entry is never misread.
 */

/** Format of the entry metadata written by this build. Bump it when the shape changes, and add a migration. */
export const CACHE_ENTRY_FORMAT = 1;

/** What the cache knows of one stored entry; the body itself lives beside it in storage. */
export interface CacheEntryMeta {
  /** Format version of this record (CACHE_ENTRY_FORMAT when written by this build). */
  format: number;
  /** Storage key: namespace, namespace version and the caller's key. */
  id: string;
  namespace: string;
  /** Namespace version the entry was written under; a bump makes it unreachable. */
  version: number;
  /** The caller's key inside the namespace. */
  key: string;
  /** When it was stored, ms since the epoch. */
  storedAt: number;
  /** Served as fresh until this time, ms since the epoch. */
  freshUntil: number;
  /** Served as stale (and revalidated) until this time; equal to freshUntil when no stale window. */
  staleUntil: number;
  /** Bytes held in storage (after compression). */
  bytes: number;
  /** Bytes of the body before compression. */
  rawBytes: number;
  /** The storage layer compressed the body. */
  compressed: boolean;
  /** Times it answered a lookup. */
  hits: number;
  /** Last lookup it answered, ms since the epoch, or null. */
  lastHitAt: number | null;
  /** Stored by a prefetch and not used yet: its first hit counts as a prefetch hit. */
  prefetched: boolean;
  /** What producing it cost (network time, ms): each hit saves about this much. */
  costMs: number;
  /** Labels the caller invalidates by (e.g. resource paths). */
  tags: string[];
  /** Caller data shown in views (e.g. the URL and method). */
  label: string;
}

/** Upgrades a record of format `from` to format `from + 1`. */
type Migration = (record: Record<string, unknown>) => Record<string, unknown> | null;

/**
 * Migrations by the format they upgrade from. Empty while format 1 is the only one ever written:
 * there is nothing older to upgrade, so any other format is dropped.
 */
const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** Why a stored record was not accepted. */
export type EntryRejection = 'damaged' | 'newer-format' | 'older-format-without-migration';

/** A stored record read back: the entry, or why it must be dropped. */
export type DecodedEntry = { ok: true; entry: CacheEntryMeta; migrated: boolean } | { ok: false; reason: EntryRejection };

/** Reads an untrusted stored record. */
export function decodeEntryMeta(raw: unknown): DecodedEntry {
  if (!isRecord(raw) || typeof raw.format !== 'number' || !Number.isInteger(raw.format)) return { ok: false, reason: 'damaged' };
  let record: Record<string, unknown> = raw;
  let migrated = false;
  if ((record.format as number) > CACHE_ENTRY_FORMAT) return { ok: false, reason: 'newer-format' };
  while ((record.format as number) < CACHE_ENTRY_FORMAT) {
    const migration = MIGRATIONS[record.format as number];
    if (!migration) return { ok: false, reason: 'older-format-without-migration' };
    const next = migration(record);
    if (!next) return { ok: false, reason: 'older-format-without-migration' };
    record = next;
    migrated = true;
  }
  const entry = checkCurrent(record);
  return entry ? { ok: true, entry, migrated } : { ok: false, reason: 'damaged' };
}

function checkCurrent(r: Record<string, unknown>): CacheEntryMeta | null {
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const nonNegative = (v: unknown): v is number => finite(v) && v >= 0;
  if (r.format !== CACHE_ENTRY_FORMAT) return null;
  if (typeof r.id !== 'string' || typeof r.namespace !== 'string' || typeof r.key !== 'string' || typeof r.label !== 'string') return null;
  if (!nonNegative(r.version) || !Number.isInteger(r.version)) return null;
  if (!finite(r.storedAt) || !finite(r.freshUntil) || !finite(r.staleUntil) || r.staleUntil < r.freshUntil) return null;
  if (!nonNegative(r.bytes) || !nonNegative(r.rawBytes) || !nonNegative(r.hits) || !nonNegative(r.costMs)) return null;
  if (typeof r.compressed !== 'boolean' || typeof r.prefetched !== 'boolean') return null;
  if (r.lastHitAt !== null && !finite(r.lastHitAt)) return null;
  if (!Array.isArray(r.tags) || !r.tags.every((tag) => typeof tag === 'string')) return null;
  if (r.id !== entryId(r.namespace, r.version, r.key)) return null;
  return {
    format: r.format,
    id: r.id,
    namespace: r.namespace,
    version: r.version,
    key: r.key,
    storedAt: r.storedAt,
    freshUntil: r.freshUntil,
    staleUntil: r.staleUntil,
    bytes: r.bytes,
    rawBytes: r.rawBytes,
    compressed: r.compressed,
    hits: r.hits,
    lastHitAt: r.lastHitAt as number | null,
    prefetched: r.prefetched,
    costMs: r.costMs,
    tags: [...(r.tags as string[])],
    label: r.label,
  };
}

/** The storage key of an entry: the namespace version is part of it, so a bump misses every older entry at once. */
export function entryId(namespace: string, version: number, key: string): string {
  return `${namespace}\u001f${version}\u001f${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
