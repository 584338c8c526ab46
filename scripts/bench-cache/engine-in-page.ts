/**
 * Bundled by scripts/bench-cache.mjs and run in a real page: the cache engine (CacheStore over
 * IndexedDB) against idb-keyval, same bodies, same browser, same origin. Sequential awaits, as a
 * request handler would use them.
 */
import { createStore, get, set } from 'idb-keyval';
import { CacheStore } from '../../src/storage/cache-store';
import { openCacheDatabase } from '../../src/storage/cache-db';

interface EngineRound {
  engine: 'cache-engine' | 'cache-engine (cold: restored, bodies from IndexedDB)' | 'idb-keyval';
  putsPerSecond: number;
  getsPerSecond: number;
}

function body(i: number, size: number): Uint8Array<ArrayBuffer> {
  const items = [];
  let text = '';
  for (let n = 0; text.length < size; n++) {
    items.push({ id: i * 1000 + n, name: `User ${i}-${n}`, role: n % 3 ? 'viewer' : 'admin', email: `user${i}.${n}@example.com` });
    text = JSON.stringify({ items });
  }
  return new TextEncoder().encode(text);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function run(count: number, size: number, round: number): Promise<EngineRound[]> {
  const bodies = Array.from({ length: count }, (_, i) => body(i, size));
  const name = `bench-cache-${round}-${size}`;
  const store = new CacheStore(() => openCacheDatabase(name), { limits: { maxEntries: count * 2, maxBytes: 512 * 1024 * 1024, compressAboveBytes: 1024 } });
  const putMs = await timed(async () => {
    for (let i = 0; i < count; i++) await store.put('bench', `k${i}`, bodies[i]!, { ttlMs: 600_000 });
  });
  const getMs = await timed(async () => {
    for (let i = 0; i < count; i++) if (!(await store.get('bench', `k${i}`))) throw new Error('cache engine lost an entry');
  });
  await store.flush();
  const cold = new CacheStore(() => openCacheDatabase(name), { memoryBytes: 0 });
  await cold.ready();
  const coldGetMs = await timed(async () => {
    for (let i = 0; i < count; i++) if (!(await cold.get('bench', `k${i}`))) throw new Error('cache engine lost an entry after restore');
  });
  const kv = createStore(`bench-keyval-${round}-${size}`, 'kv');
  const kvPutMs = await timed(async () => {
    for (let i = 0; i < count; i++) await set(`k${i}`, bodies[i], kv);
  });
  const kvGetMs = await timed(async () => {
    for (let i = 0; i < count; i++) if (!(await get(`k${i}`, kv))) throw new Error('idb-keyval lost an entry');
  });
  const rate = (ms: number) => (count / ms) * 1000;
  return [
    { engine: 'cache-engine', putsPerSecond: rate(putMs), getsPerSecond: rate(getMs) },
    { engine: 'cache-engine (cold: restored, bodies from IndexedDB)', putsPerSecond: Number.NaN, getsPerSecond: rate(coldGetMs) },
    { engine: 'idb-keyval', putsPerSecond: rate(kvPutMs), getsPerSecond: rate(kvGetMs) },
  ];
}

(globalThis as { runEngineBench?: typeof run }).runEngineBench = run;
