/**
 * The HAR importer's cost against its input size: imports HARs of N and 2N entries (each with
 * one page per 10 entries, and entries without a pageref, as Chrome and other tools write them)
 * and prints the median time of each and their ratio. A linear importer gives a ratio near 2.
 *
 *   node --expose-gc --import tsx scripts/bench-har-import.ts [--entries 20000] [--runs 5]
 */
import { importSession } from '../src/core/sessions/import';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number`);
  return value;
}

function makeHar(entries: number): string {
  const t0 = Date.UTC(2025, 0, 1);
  const pages = [];
  for (let p = 0; p < Math.ceil(entries / 10); p++) {
    pages.push({ id: `page_${p}`, startedDateTime: new Date(t0 + p * 10_000).toISOString(), title: `https://a.test/p/${p}`, pageTimings: {} });
  }
  const list = [];
  for (let i = 0; i < entries; i++) {
    list.push({
      // Every other entry without a pageref: these are placed by start time.
      ...(i % 2 === 0 ? { pageref: `page_${Math.floor(i / 10)}` } : {}),
      startedDateTime: new Date(t0 + i * 1000).toISOString(),
      time: 12.5,
      request: { method: 'GET', url: `https://a.test/api/items/${i}?page=2`, httpVersion: 'h2', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: '', httpVersion: 'h2', headers: [], cookies: [], content: { size: 100, mimeType: 'application/json' }, redirectURL: '', headersSize: -1, bodySize: 80 },
      cache: {},
      timings: { blocked: 1, dns: 0, connect: 0, ssl: 0, send: 0.5, wait: 10, receive: 1 },
    });
  }
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, pages, entries: list } });
}

async function median(text: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    await importSession(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

const n = argument('entries', 20_000);
const runs = argument('runs', 5);
const small = makeHar(n);
const large = makeHar(2 * n);
await median(small, 1);
const a = await median(small, runs);
const b = await median(large, runs);
console.log(`HAR import, medians of ${runs}: ${n} entries ${a.toFixed(0)} ms, ${2 * n} entries ${b.toFixed(0)} ms, ratio ${(b / a).toFixed(2)} (linear ≈ 2)`);
