/** Panel -> background requests of the cache capability (the Cache view), and their replies. */
import type { CacheCounters, CacheHealth, CacheLimits, HitRateBucket } from '../core/cache';
import type { ResponseCacheSettings } from '../core/cache/rules';

/** One cached response as the Cache view lists it. */
export interface CacheEntryView {
  id: string;
  method: string;
  url: string;
  /** Bytes held in storage (after compression). */
  storedBytes: number;
  /** Body bytes before compression. */
  rawBytes: number;
  compressed: boolean;
  /** Since it was stored, ms. */
  ageMs: number;
  /** Fresh for this much longer, ms (negative: stale, being served only inside the stale window). */
  freshForMs: number;
  /** The TTL it was stored with, ms. */
  ttlMs: number;
  hits: number;
  /** Stored by a prefetch and not used yet. */
  prefetched: boolean;
  /** First characters of the identity hash of its partition (entries of different logins differ). */
  identity: string;
}

/** Everything the Cache view shows for the inspected tab's origin. */
export interface CacheView {
  url: string;
  origin: string;
  /** "Cache repeated API calls" is on for this page. */
  strategyOn: boolean;
  /** The pattern the shown rules are stored under; null: the page uses the default rule. */
  rulesPattern: string | null;
  /** The pattern new rules would be saved under (this page's default pattern). */
  suggestedPattern: string;
  settings: ResponseCacheSettings;
  health: CacheHealth;
  counters: CacheCounters;
  series: HitRateBucket[];
  limits: CacheLimits;
  /** Entries of this origin, most recently used first (at most 500). */
  entries: CacheEntryView[];
  /** All entries and bytes of the cache (every origin). */
  totalEntries: number;
  totalBytes: number;
  /** Why the cache turned itself off, or null. */
  disabled: string | null;
  /** The last error the cache met (what happened), or null. */
  lastError: string | null;
}

export interface CacheRequests {
  cacheView: { tabId: number };
  /** Removes this origin's entries, or everything (and turns a disabled cache back on). */
  cacheClear: { tabId: number; scope: 'origin' | 'all' };
  /** Bumps the version of every partition of this origin: all its entries are invalid at once. */
  cacheBumpVersion: { tabId: number };
  /** Saves rules for a URL pattern; checked, and the bad field named. */
  cacheSetRules: { tabId: number; pattern: string; settings: unknown };
}

export interface CacheReplies {
  cacheView: CacheView;
  cacheClear: CacheView;
  cacheBumpVersion: CacheView;
  cacheSetRules: CacheView;
}
