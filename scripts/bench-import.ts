/**
 * npm run bench:import
 * Importing a ~40 MB session JSON (100,000 samples, 20,000 requests) and a HAR of 20,000 entries
 * (written by the project's HAR exporter from a generated session, every entry with its headers)
 * in the real panel page of the built extension (dist/) in real Chromium, in the same run and
 * alternating:
 *  - old: the previous path, the whole file parsed and checked on the panel's main thread, then
 *    stored in one transaction (importSessionFile in src/panel/sessions/import-file.ts, bundled
 *    from the source and run in the panel page);
 *  - new: the Sessions view's file input, i.e. the import worker (streaming parse, batches),
 *    until the panel says it is done;
 *  - base (with BENCH_BASELINE_DIST=<dir of another build, e.g. main's dist>): that build's
 *    import worker, in a second browser, the same file (for a HAR before it streamed: the whole
 *    document parsed in the worker, then converted);
 *  - idle: the same panel page doing nothing for 10 s, for the frame gaps the machine's load
 *    alone causes (this machine's cores are shared; run with the first file only).
 * BENCH_FORMATS=json,har,har-tenth (the default) chooses the files: `har-tenth` is a HAR of a
 * tenth of the entries (a peak that is the same for both does not grow with the file);
 * `har-pages-last` is the HAR with its pages after its entries (the worker reads it twice).
 * BENCH_HAR_ENTRIES (default 20,000) sets the HAR's entries.
 * Per run: the longest gap between two animation frames of the panel page and its long
 * animation frames over 50 ms during the import, the extension's own script time in its
 * longest frame (what the panel's code can make long; the rest of a long frame is the machine,
 * as the idle path shows; BENCH_VERBOSE=1 prints each long frame's scripts), the import's time, and the peak JS heap
 * growth (CDP Runtime.getHeapUsage, used + backing stores, sampled every 25 ms) of the panel
 * page and of the import worker, against the file's size. Medians of BENCH_REPS (default 3).
 * Prints a table per file and writes .bench/import.json.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import puppeteer, { type CDPSession } from 'puppeteer-core';
import type { Page } from 'playwright-core';
// @ts-expect-error -- plain ESM helpers shared with the other benchmarks
import { ROOT } from './browser.mjs';
import { launchWithExtension } from './extension-browser';
import { exportInputFrom, startExport } from '../src/core/sessions/index';
import { createSyntheticSession } from '../tests/fixtures/sessions/synthetic';

const REPS = Number(process.env.BENCH_REPS ?? 3);
/** idle: the panel with no import for IDLE_MS, the frame gaps the machine's load alone causes. */
const ALL_PATHS = ['idle', 'old', 'new', 'base'] as const;
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST || null;
/** BENCH_PATHS=new,idle runs only those; base only with BENCH_BASELINE_DIST. */
const PATHS = ALL_PATHS.filter((p) => (process.env.BENCH_PATHS ?? ALL_PATHS.join(',')).split(',').includes(p) && (p !== 'base' || BASELINE_DIST));
const IDLE_MS = 10_000;
/** BENCH_LIVE=1: also collect the worker's garbage every ~250 ms and record its heap right after (slows the import a little). */
const LIVE = process.env.BENCH_LIVE === '1';
type PathName = (typeof ALL_PATHS)[number];
const ALL_FORMATS = ['json', 'har', 'har-tenth', 'har-pages-last'] as const;
/** Entries of the HAR (BENCH_HAR_ENTRIES, default 20,000); `har-tenth` has a tenth of them. */
const HAR_ENTRIES = Number(process.env.BENCH_HAR_ENTRIES ?? 20_000);
type FormatName = (typeof ALL_FORMATS)[number];
const FORMATS = ALL_FORMATS.filter((f) => (process.env.BENCH_FORMATS ?? 'json,har,har-tenth').split(',').includes(f));
const FILE_TITLES: Record<FormatName, string> = {
  json: 'session JSON (100,000 samples, 20,000 requests)',
  har: `HAR (${HAR_ENTRIES.toLocaleString('en-US')} entries, pages first, as ours and Chrome write it)`,
  'har-tenth': `HAR (${(HAR_ENTRIES / 10).toLocaleString('en-US')} entries: a tenth, for what grows with the file)`,
  'har-pages-last': `HAR (${HAR_ENTRIES.toLocaleString('en-US')} entries, pages after the entries: read twice)`,
};

interface RunResult {
  ms: number;
  longestFrameGapMs: number;
  framesOver50: number;
  longestLoafMs: number;
  /** The extension's script time in its longest frame (scripts LoAF attributes to it). */
  longestOwnScriptMs: number;
  pageHeapPeak: number;
  workerHeapPeak: number | null;
  /** With BENCH_LIVE=1: the worker's heap right after a forced garbage collection, at most (what it holds, not its garbage). */
  workerLivePeak: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const log = (message: string) => process.env.BENCH_VERBOSE && console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function writeChunks(path: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for await (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The file each format imports, written by the project's own exporters from a generated session. */
async function writeImportFile(format: FormatName, path: string): Promise<void> {
  if (format === 'json') {
    const data = createSyntheticSession({ samples: 100_000, requests: 20_000 });
    const { files } = startExport('json', exportInputFrom(data), { sanitize: false, now: data.session.startTime });
    return writeChunks(path, files[0]!.chunks);
  }
  // Every entry with its method, headers and MIME type, as in a HAR saved from DevTools.
  const data = createSyntheticSession({ samples: 0, requests: format === 'har-tenth' ? HAR_ENTRIES / 10 : HAR_ENTRIES, detailedShare: 1 });
  const { files } = startExport('har', exportInputFrom(data), { sanitize: false, now: data.session.startTime });
  if (format !== 'har-pages-last') return writeChunks(path, files[0]!.chunks);
  const parts: string[] = [];
  for await (const chunk of files[0]!.chunks) parts.push(chunk);
  const { log } = JSON.parse(parts.join('')) as { log: { pages: unknown[]; entries: unknown[] } };
  const { pages, entries, ...rest } = log;
  return writeChunks(path, [JSON.stringify({ log: { ...rest, entries, pages } })]);
}

/** The previous import path and a clean-up (scripts/bench-import-old-path.ts), bundled for the panel page. */
async function oldPathBundle(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'error',
    build: {
      write: false,
      target: 'chrome123',
      minify: false,
      lib: { entry: join(ROOT, 'scripts/bench-import-old-path.ts'), formats: ['iife'], name: 'benchImportOldPath', fileName: 'bench-import-old-path' },
    },
  })) as { output: { type: string; code?: string }[] } | { output: { type: string; code?: string }[] }[];
  const first = Array.isArray(output) ? output[0]! : output;
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('Bundling the old import path produced no code');
  return chunk.code;
}

/** Frame gaps (rAF) and long animation frames in the page, from now until stopFrames. */
async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { last: number; maxGap: number; loafs: number[]; stop: boolean; observer: PerformanceObserver } };
    const t0 = performance.now();
    // Over 50 ms: when in the run, and the scripts that ran in it (what a long frame was).
    const describe = (entry: PerformanceEntry) => {
      const e = entry as PerformanceEntry & { blockingDuration: number; renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; duration: number; invokerType: string }[] };
      return `${(e.startTime - t0).toFixed(0)} ms in: ${e.duration.toFixed(0)} ms (render from +${e.renderStart ? (e.renderStart - e.startTime).toFixed(0) : '–'}, style/layout from +${e.styleAndLayoutStart ? (e.styleAndLayoutStart - e.startTime).toFixed(0) : '–'}) ` +
        e.scripts.map((x) => `[${x.invokerType} ${x.invoker} ${x.sourceFunctionName} ${x.sourceURL.replace(/^.*\//, '')} ${x.duration.toFixed(0)} ms]`).join(' ');
    };
    // The extension's own script time in a frame (LoAF attributes scripts of 5 ms and more).
    const ours = (entry: PerformanceEntry) =>
      (entry as PerformanceEntry & { scripts: { sourceURL: string; duration: number }[] }).scripts.filter((x) => x.sourceURL.startsWith('chrome-extension://')).reduce((sum, x) => sum + x.duration, 0);
    const record = (entry: PerformanceEntry) => {
      state.loafs.push(entry.duration);
      state.oursMax = Math.max(state.oursMax, ours(entry));
      if (entry.duration > 50) state.long.push(describe(entry));
    };
    const state = { last: performance.now(), maxGap: 0, loafs: [] as number[], oursMax: 0, long: [] as string[], stop: false, record, observer: new PerformanceObserver((list) => list.getEntries().forEach(record)) };
    w.__frames = state;
    state.observer.observe({ type: 'long-animation-frame' });
    const tick = (t: number) => {
      state.maxGap = Math.max(state.maxGap, t - state.last);
      state.last = t;
      if (!state.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrames(page: Page): Promise<{ maxGap: number; over50: number; longestLoaf: number; longestOwnScriptMs: number; long: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: { last: number; maxGap: number; loafs: number[]; oursMax: number; long: string[]; stop: boolean; record: (e: PerformanceEntry) => void; observer: PerformanceObserver } };
    const s = w.__frames;
    s.stop = true;
    s.maxGap = Math.max(s.maxGap, performance.now() - s.last);
    s.observer.takeRecords().forEach(s.record);
    s.observer.disconnect();
    return { maxGap: s.maxGap, over50: s.loafs.filter((d) => d > 50).length, longestLoaf: Math.max(0, ...s.loafs), longestOwnScriptMs: s.oursMax, long: s.long };
  });
}

async function heapOf(session: CDPSession): Promise<number> {
  const usage = (await session.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

/** One browser with a build of the extension, its panel's Sessions view open, and CDP of the panel page and of its import worker. */
interface PanelUnderTest {
  page: Page;
  pageSession: CDPSession;
  workerSession(): CDPSession | null;
  close(): Promise<void>;
}

async function openPanelUnderTest(bundle: string, dist?: string): Promise<PanelUnderTest> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const ext = await launchWithExtension({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc', `--remote-debugging-port=${port}`], ...(dist ? { dist } : {}) });
  const blank = await ext.context.newPage();
  await blank.goto('about:blank');
  const sw = await ext.worker();
  const tabId = await sw.evaluate(async () => (await chrome.tabs.query({})).find((t) => t.url === 'about:blank')?.id ?? -1);
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/src/panel/index.html?tabId=${tabId}&view=sessions`);
  await page.getByLabel('Import session').waitFor();
  await page.evaluate(bundle);
  // tsx names the functions it compiles with a helper (__name) that the page lacks.
  await page.evaluate('globalThis.__name = (fn) => fn');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-old-import';
    input.hidden = true;
    document.body.append(input);
  });
  // CDP of the panel page and, once it starts, of its import worker (puppeteer on the same browser).
  log(`connecting CDP${dist ? ` (${dist})` : ''}`);
  const cdp = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  const target = await cdp.waitForTarget((t) => t.url().includes('/src/panel/index.html'));
  const pptrPage = (await target.asPage())!;
  const pageSession = await pptrPage.createCDPSession();
  let workerSession: CDPSession | null = null;
  pptrPage.on('workercreated', (worker) => {
    if (worker.url().includes('import-worker')) workerSession = worker.client;
  });
  pptrPage.on('workerdestroyed', (worker) => {
    if (worker.client === workerSession) workerSession = null;
  });
  return {
    page,
    pageSession,
    workerSession: () => workerSession,
    async close() {
      await page.evaluate(() => (window as unknown as { __benchImport: { clear(): Promise<void> } }).__benchImport.clear()).catch(() => {});
      await cdp.disconnect();
      await ext.close();
    },
  };
}

/** Imports `file` through the panel's file input (its worker) until the panel says it is done; returns the milliseconds. */
async function importThroughPanel(page: Page, file: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __importDone: Promise<number> };
    const t0 = performance.now();
    w.__importDone = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const region = document.querySelector('section.import');
        const text = region?.querySelector('[role="status"], [role="alert"]')?.textContent ?? '';
        if (/^(Imported|Could not)/.test(text)) {
          observer.disconnect();
          resolve(performance.now() - t0);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
  await page.getByLabel('Import session').setInputFiles(file);
  const ms = await page.evaluate(() => (window as unknown as { __importDone: Promise<number> }).__importDone);
  const status = await page.locator('section.import [role="status"]').innerText().catch(() => '');
  if (!status.startsWith('Imported')) throw new Error(`The import did not succeed: ${await page.locator('section.import').innerText()}`);
  return ms;
}

async function runOnce(panel: PanelUnderTest, path: PathName, file: string): Promise<RunResult> {
  const { page, pageSession } = panel;
  await page.evaluate(() => (window as unknown as { __benchImport: { clear(): Promise<void> } }).__benchImport.clear());
  await pageSession.send('HeapProfiler.collectGarbage');
  const base = await heapOf(pageSession);
  let pagePeak = base;
  let workerPeak: number | null = null;
  let livePeak: number | null = null;
  let sampling = true;
  let samples = 0;
  const sampler = (async () => {
    while (sampling) {
      pagePeak = Math.max(pagePeak, await heapOf(pageSession).catch(() => 0));
      const ws = panel.workerSession();
      if (ws) {
        const used = await heapOf(ws).catch(() => null);
        if (used !== null) workerPeak = Math.max(workerPeak ?? 0, used);
        if (LIVE && ++samples % 10 === 0) {
          const live = await ws.send('HeapProfiler.collectGarbage').then(() => heapOf(ws)).catch(() => null);
          if (live !== null) livePeak = Math.max(livePeak ?? 0, live);
        }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  await startFrames(page);
  log(`${path}: importing ${file}`);
  let ms: number;
  if (path === 'idle') {
    await page.waitForTimeout(IDLE_MS);
    ms = IDLE_MS;
  } else if (path === 'old') {
    await page.setInputFiles('#bench-old-import', file);
    ms = await page.evaluate(() => {
      const input = document.getElementById('bench-old-import') as HTMLInputElement;
      return (window as unknown as { __benchImport: { runOld(f: File): Promise<number> } }).__benchImport.runOld(input.files![0]!);
    });
  } else ms = await importThroughPanel(page, file);
  const frames = await stopFrames(page);
  for (const line of frames.long) log(`${path}: long animation frame ${line}`);
  sampling = false;
  await sampler;
  return {
    ms,
    longestFrameGapMs: frames.maxGap,
    framesOver50: frames.over50,
    longestLoafMs: frames.longestLoaf,
    longestOwnScriptMs: frames.longestOwnScriptMs,
    pageHeapPeak: pagePeak - base,
    workerHeapPeak: workerPeak,
    workerLivePeak: livePeak,
  };
}

interface PathSummary {
  importMs: number;
  longestFrameGapMs: number;
  framesOver50: number;
  longestLoafMs: number;
  longestOwnScriptMs: number;
  pageHeapPeakBytes: number;
  workerHeapPeakBytes: number | null;
  workerLivePeakBytes: number | null;
  runs: RunResult[];
}

function summarize(rs: RunResult[]): PathSummary {
  const worker = rs.map((r) => r.workerHeapPeak).filter((x): x is number => x !== null);
  const live = rs.map((r) => r.workerLivePeak).filter((x): x is number => x !== null);
  return {
    importMs: median(rs.map((r) => r.ms)),
    longestFrameGapMs: median(rs.map((r) => r.longestFrameGapMs)),
    framesOver50: median(rs.map((r) => r.framesOver50)),
    longestLoafMs: median(rs.map((r) => r.longestLoafMs)),
    longestOwnScriptMs: median(rs.map((r) => r.longestOwnScriptMs)),
    pageHeapPeakBytes: median(rs.map((r) => r.pageHeapPeak)),
    workerHeapPeakBytes: worker.length ? median(worker) : null,
    workerLivePeakBytes: live.length ? median(live) : null,
    runs: rs,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-import-'));
  const files = {} as Record<FormatName, { path: string; bytes: number }>;
  for (const format of FORMATS) {
    const path = join(dir, format === 'json' ? 'session-40mb.json' : `${format}.har`);
    await writeImportFile(format, path);
    files[format] = { path, bytes: statSync(path).size };
  }
  const bundle = await oldPathBundle();
  const ours = await openPanelUnderTest(bundle);
  const baseline = BASELINE_DIST && PATHS.includes('base') ? await openPanelUnderTest(bundle, BASELINE_DIST) : null;
  const panelOf = (path: PathName) => (path === 'base' ? baseline! : ours);
  const results = Object.fromEntries(FORMATS.map((f) => [f, { idle: [], old: [], new: [], base: [] }])) as unknown as Record<FormatName, Record<PathName, RunResult[]>>;
  const loads: number[][] = [loadavg()];
  try {
    log('ready');
    for (const format of FORMATS) {
      const file = files[format].path;
      // The idle panel once, with the first file: it imports nothing.
      const paths = PATHS.filter((p) => p !== 'idle' || format === FORMATS[0]);
      // A warm-up of each, then REPS alternating runs.
      for (const path of paths.filter((p) => p !== 'idle')) {
        const r = await runOnce(panelOf(path), path, file);
        console.log(`warm-up ${format} ${path}: ${(r.ms / 1000).toFixed(2)} s`);
      }
      for (let rep = 0; rep < REPS; rep++) {
        for (const path of rep % 2 ? [...paths].reverse() : paths) {
          const r = await runOnce(panelOf(path), path, file);
          results[format][path].push(r);
          console.log(`${format} ${path} #${rep + 1}: ${(r.ms / 1000).toFixed(2)} s, longest frame gap ${r.longestFrameGapMs.toFixed(0)} ms, ${r.framesOver50} frames > 50 ms, our script at most ${r.longestOwnScriptMs.toFixed(0)} ms a frame, panel heap +${mb(r.pageHeapPeak)}, worker heap ${r.workerHeapPeak === null ? '–' : mb(r.workerHeapPeak)}`);
        }
        loads.push(loadavg());
      }
    }
  } finally {
    await ours.close();
    await baseline?.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const load = loads.map((l) => l[0]!.toFixed(1)).join(' → ');
  const report: Record<string, { fileBytes: number; summary: Partial<Record<PathName, PathSummary>> }> = {};
  for (const format of FORMATS) {
    const fileBytes = files[format].bytes;
    const paths = PATHS.filter((p) => results[format][p].length > 0);
    const summary = Object.fromEntries(paths.map((path) => [path, summarize(results[format][path])])) as Partial<Record<PathName, PathSummary>>;
    report[format] = { fileBytes, summary };
    console.log(`\nImport of a ${mb(fileBytes)} ${FILE_TITLES[format]} in the panel page, medians of ${REPS} (Chromium, ${cpus().length} cores, load average ${load}):`);
    console.log(`path | import | longest frame gap | frames > 50 ms | longest LoAF | our script in a frame | panel heap peak (× file) | worker heap peak (× file)${LIVE ? ' | worker heap after GC, peak (× file)' : ''}`);
    const times = (bytes: number | null) => (bytes === null ? '–' : `${mb(bytes)} (${(bytes / fileBytes).toFixed(2)}×)`);
    for (const path of paths) {
      const s = summary[path]!;
      console.log(
        `${path} | ${(s.importMs / 1000).toFixed(2)} s | ${s.longestFrameGapMs.toFixed(0)} ms | ${s.framesOver50} | ${s.longestLoafMs.toFixed(0)} ms | ${s.longestOwnScriptMs.toFixed(0)} ms | ${times(s.pageHeapPeakBytes)} | ${times(s.workerHeapPeakBytes)}${LIVE ? ` | ${times(s.workerLivePeakBytes)}` : ''}`,
      );
    }
  }
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/import.json'), JSON.stringify({ date: new Date().toISOString(), reps: REPS, loadAverage: loads, baselineDist: BASELINE_DIST, formats: report }, null, 2));
}

await main();
