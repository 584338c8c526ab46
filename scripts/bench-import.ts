/**
 * npm run bench:import
 * Importing a ~40 MB session JSON (100,000 samples, 20,000 requests) in the real panel page of
 * the built extension (dist/) in real Chromium, in the same run and alternating:
 *  - old: the previous path, the whole file parsed and checked on the panel's main thread, then
 *    stored in one transaction (importSessionFile in src/panel/sessions/import-file.ts, bundled
 *    from the source and run in the panel page);
 *  - new: the Sessions view's file input, i.e. the import worker (streaming parse, batches),
 *    until the panel says it is done;
 *  - idle: the same panel page doing nothing for 10 s, for the frame gaps the machine's load
 *    alone causes (this machine's cores are shared).
 * Per run: the longest gap between two animation frames of the panel page and its long
 * animation frames over 50 ms during the import, the extension's own script time in its
 * longest frame (what the panel's code can make long; the rest of a long frame is the machine,
 * as the idle path shows; BENCH_VERBOSE=1 prints each long frame's scripts), the import's time, and the peak JS heap
 * growth (CDP Runtime.getHeapUsage, used + backing stores, sampled every 25 ms) of the panel
 * page and of the import worker, against the file's size. Medians of BENCH_REPS (default 3).
 * Prints a table and writes .bench/import.json.
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
const ALL_PATHS = ['idle', 'old', 'new'] as const;
/** BENCH_PATHS=new,idle runs only those. */
const PATHS = ALL_PATHS.filter((p) => (process.env.BENCH_PATHS ?? ALL_PATHS.join(',')).split(',').includes(p));
const IDLE_MS = 10_000;
type PathName = (typeof ALL_PATHS)[number];

interface RunResult {
  ms: number;
  longestFrameGapMs: number;
  framesOver50: number;
  longestLoafMs: number;
  /** The extension's script time in its longest frame (scripts LoAF attributes to it). */
  longestOwnScriptMs: number;
  pageHeapPeak: number;
  workerHeapPeak: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const log = (message: string) => process.env.BENCH_VERBOSE && console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function writeSessionFile(path: string): Promise<void> {
  const data = createSyntheticSession({ samples: 100_000, requests: 20_000 });
  const { files } = startExport('json', exportInputFrom(data), { sanitize: false, now: data.session.startTime });
  const out = createWriteStream(path);
  for await (const chunk of files[0]!.chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-import-'));
  const file = join(dir, 'session-40mb.json');
  await writeSessionFile(file);
  const fileBytes = statSync(file).size;
  const bundle = await oldPathBundle();
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const ext = await launchWithExtension({ args: ['--enable-precise-memory-info', '--js-flags=--expose-gc', `--remote-debugging-port=${port}`] });
  const results: Record<PathName, RunResult[]> = { idle: [], old: [], new: [] };
  const loads: number[][] = [loadavg()];
  try {
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
    log('connecting CDP');
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

    log('ready');
    const runOnce = async (path: PathName): Promise<RunResult> => {
      await page.evaluate(() => (window as unknown as { __benchImport: { clear(): Promise<void> } }).__benchImport.clear());
      await pageSession.send('HeapProfiler.collectGarbage');
      const base = await heapOf(pageSession);
      let pagePeak = base;
      let workerPeak: number | null = null;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          pagePeak = Math.max(pagePeak, await heapOf(pageSession).catch(() => 0));
          const ws = workerSession;
          if (ws) {
            const used = await heapOf(ws).catch(() => null);
            if (used !== null) workerPeak = Math.max(workerPeak ?? 0, used);
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      await startFrames(page);
      log(`${path}: importing`);
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
      } else {
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
        ms = await page.evaluate(() => (window as unknown as { __importDone: Promise<number> }).__importDone);
        const status = await page.locator('section.import [role="status"]').innerText().catch(() => '');
        if (!status.startsWith('Imported')) throw new Error(`The new import did not succeed: ${await page.locator('section.import').innerText()}`);
      }
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
      };
    };

    // A warm-up of each, then REPS alternating runs.
    for (const path of PATHS.filter((p) => p !== 'idle')) {
      const r = await runOnce(path);
      console.log(`warm-up ${path}: ${(r.ms / 1000).toFixed(2)} s`);
    }
    for (let rep = 0; rep < REPS; rep++) {
      for (const path of rep % 2 ? [...PATHS].reverse() : PATHS) {
        const r = await runOnce(path);
        results[path].push(r);
        console.log(`${path} #${rep + 1}: ${(r.ms / 1000).toFixed(2)} s, longest frame gap ${r.longestFrameGapMs.toFixed(0)} ms, ${r.framesOver50} frames > 50 ms, our script at most ${r.longestOwnScriptMs.toFixed(0)} ms a frame, panel heap +${mb(r.pageHeapPeak)}, worker heap ${r.workerHeapPeak === null ? '–' : mb(r.workerHeapPeak)}`);
      }
      loads.push(loadavg());
    }
    await page.evaluate(() => (window as unknown as { __benchImport: { clear(): Promise<void> } }).__benchImport.clear());
    await cdp.disconnect();
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const summary = Object.fromEntries(
    PATHS.map((path) => {
      const rs = results[path];
      const worker = rs.map((r) => r.workerHeapPeak).filter((x): x is number => x !== null);
      return [
        path,
        {
          importMs: median(rs.map((r) => r.ms)),
          longestFrameGapMs: median(rs.map((r) => r.longestFrameGapMs)),
          framesOver50: median(rs.map((r) => r.framesOver50)),
          longestLoafMs: median(rs.map((r) => r.longestLoafMs)),
          longestOwnScriptMs: median(rs.map((r) => r.longestOwnScriptMs)),
          pageHeapPeakBytes: median(rs.map((r) => r.pageHeapPeak)),
          workerHeapPeakBytes: worker.length ? median(worker) : null,
          runs: rs,
        },
      ];
    }),
  ) as Record<PathName, { importMs: number; longestFrameGapMs: number; framesOver50: number; longestLoafMs: number; longestOwnScriptMs: number; pageHeapPeakBytes: number; workerHeapPeakBytes: number | null; runs: RunResult[] }>;
  const load = loads.map((l) => l[0]!.toFixed(1)).join(' → ');
  console.log(`\nImport of a ${mb(fileBytes)} session JSON in the panel page, medians of ${REPS} (Chromium, ${cpus().length} cores, load average ${load}):`);
  console.log('path | import | longest frame gap | frames > 50 ms | longest LoAF | our script in a frame | panel heap peak (× file) | worker heap peak (× file)');
  for (const path of PATHS) {
    const s = summary[path];
    const worker = s.workerHeapPeakBytes === null ? '–' : `${mb(s.workerHeapPeakBytes)} (${(s.workerHeapPeakBytes / fileBytes).toFixed(2)}×)`;
    console.log(
      `${path} | ${(s.importMs / 1000).toFixed(2)} s | ${s.longestFrameGapMs.toFixed(0)} ms | ${s.framesOver50} | ${s.longestLoafMs.toFixed(0)} ms | ${s.longestOwnScriptMs.toFixed(0)} ms | ${mb(s.pageHeapPeakBytes)} (${(s.pageHeapPeakBytes / fileBytes).toFixed(2)}×) | ${worker}`,
    );
  }
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/import.json'), JSON.stringify({ date: new Date().toISOString(), fileBytes, reps: REPS, loadAverage: loads, summary }, null, 2));
}

await main();
