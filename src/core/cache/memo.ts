/**
 * Memoization for the extension's own expensive computations (simulator runs, optimizer
 * analyses): the key is a stable hash of the inputs, so equal inputs find the earlier result
 * whatever their key order, and any change to an input is a different key.
 */
import { stableHash } from './hash';

/** Where memoized results live (the cache engine, or a Map in tests). */
export interface MemoStore {
  get(namespace: string, key: string): Promise<unknown | undefined>;
  put(namespace: string, key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** The key of one computation: its kind, the version of its code, and its inputs. */
export function memoKey(kind: string, codeVersion: string | number, inputs: unknown): string {
  return `${kind}@${codeVersion}:${stableHash(inputs)}`;
}

/** How a memoized result was obtained. */
export interface Memoized<T> {
  value: T;
  /** Came from the store instead of being computed. */
  cached: boolean;
  key: string;
}

/**
 * Returns the stored result for these inputs, or computes, stores and returns it. A store that
 * fails (read or write) never fails the computation: it is computed as if nothing was cached.
 */
export async function memoize<T>(store: MemoStore, options: { namespace: string; kind: string; codeVersion: string | number; ttlMs: number }, inputs: unknown, compute: () => Promise<T> | T, isValue?: (value: unknown) => value is T): Promise<Memoized<T>> {
  let key: string;
  try {
    key = memoKey(options.kind, options.codeVersion, inputs);
  } catch {
    // Inputs that cannot be hashed (NaN, cycles…) are computed every time, never cached.
    return { value: await compute(), cached: false, key: '' };
  }
  let stored: unknown;
  try {
    stored = await store.get(options.namespace, key);
  } catch {
    stored = undefined;
  }
  if (stored !== undefined && (!isValue || isValue(stored))) return { value: stored as T, cached: true, key };
  const value = await compute();
  try {
    await store.put(options.namespace, key, value, options.ttlMs);
  } catch {
    /* a failing store costs the next caller a recomputation, nothing more */
  }
  return { value, cached: false, key };
}
