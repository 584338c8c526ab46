/**
 * A least-recently-used index: a Map for lookup plus a doubly linked list for order, so touch,
 * insert, remove and evict-oldest are O(1). It tracks the bytes of what it holds; the policy
 * decides the budgets.
 */

interface Node<V> {
  key: string;
  value: V;
  bytes: number;
  older: Node<V> | null;
  newer: Node<V> | null;
}

/** One entry leaving the index, with the bytes it accounted for. */
export interface LruRemoved<V> {
  key: string;
  value: V;
  bytes: number;
}

/** Keys in recency order with their byte sizes; O(1) per operation, never a scan. */
export class LruIndex<V> {
  private readonly nodes = new Map<string, Node<V>>();
  private oldest: Node<V> | null = null;
  private newest: Node<V> | null = null;
  private totalBytes = 0;

  get size(): number {
    return this.nodes.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(key: string): boolean {
    return this.nodes.has(key);
  }

  /** The value without changing its recency. */
  peek(key: string): V | undefined {
    return this.nodes.get(key)?.value;
  }

  /** The value, made the most recently used. */
  touch(key: string): V | undefined {
    const node = this.nodes.get(key);
    if (!node) return undefined;
    this.unlink(node);
    this.linkNewest(node);
    return node.value;
  }

  /** Inserts or replaces as the most recently used; returns the replaced entry if any. */
  set(key: string, value: V, bytes: number): LruRemoved<V> | null {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new RangeError(`bytes must be a finite number ≥ 0 (got ${bytes})`);
    const previous = this.remove(key);
    const node: Node<V> = { key, value, bytes, older: null, newer: null };
    this.nodes.set(key, node);
    this.linkNewest(node);
    this.totalBytes += bytes;
    return previous;
  }

  remove(key: string): LruRemoved<V> | null {
    const node = this.nodes.get(key);
    if (!node) return null;
    this.unlink(node);
    this.nodes.delete(key);
    this.totalBytes -= node.bytes;
    return { key, value: node.value, bytes: node.bytes };
  }

  /** Removes and returns the least recently used entry. */
  evictOldest(): LruRemoved<V> | null {
    return this.oldest ? this.remove(this.oldest.key) : null;
  }

  /** The least recently used entry, untouched. */
  peekOldest(): LruRemoved<V> | null {
    const node = this.oldest;
    return node ? { key: node.key, value: node.value, bytes: node.bytes } : null;
  }

  /** Keys from least to most recently used (for views and tests; O(n)). */
  *keysOldestFirst(): Generator<string> {
    for (let node = this.oldest; node; node = node.newer) yield node.key;
  }

  *valuesNewestFirst(): Generator<V> {
    for (let node = this.newest; node; node = node.older) yield node.value;
  }

  clear(): void {
    this.nodes.clear();
    this.oldest = this.newest = null;
    this.totalBytes = 0;
  }

  private unlink(node: Node<V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.older = node.newer = null;
  }

  private linkNewest(node: Node<V>): void {
    node.older = this.newest;
    node.newer = null;
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
  }
}
