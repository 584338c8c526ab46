/**
 * npm run bench:panel
 * The panel at one hour of data, in real Chromium with the built extension (dist/):
 *  - export: a synthetic session of 100,000 samples and 20,000 requests (BENCH_HOURS=N: N times that) is written into the
 *    extension's IndexedDB; each format is exported from the panel's Sessions view (click to
 *    download) and, on the same data, by the command line (`npm run export`, a new process each
 *    time), alternating, medians of REPS. Also the panel's peak JS heap growth during the export
 *    against the file's size.
 *  - Network view at 100,000 requests: time from a click on a column header (sort) or a keystroke
 *    in the filter until the table shows the new order, and frames over 50 ms meanwhile; each run
 *    opens the session afresh, so every run has a first click per column.
 *  - Timeline at one hour: the time a full redraw (a resize of the panel) takes, as frame times.
 * BENCH_BASELINE_DIST=<dir> also exports from the panel of that build (e.g. main's, built elsewhere) and
 * measures its Network view, on the same data, alternating.
 * Prints a table and writes .bench/panel.json.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { chromium, type CDPSession, type Page } from 'playwright-core';
// @ts-expect-error -- plain ESM helpers shared with the other benchmarks
import { extensionArgs, findBrowser, QUIET_FLAGS, ROOT } from './browser.mjs';
import type { SessionData } from '../src/core/model';
import { exportInputFrom, startExport } from '../src/core/sessions/index';
import { assignNewIdentity } from '../src/core/sessions/import/identity';
import { CHUNK_RECORDS, CHUNK_STORES, chunksOf } from '../src/storage/record-chunks';
import { createSyntheticSession } from '../tests/fixtures/sessions/synthetic';

const REPS = Number(process.env.BENCH_REPS ?? 3);
/** BENCH_DIST=DIR measures the extension built there instead of dist/ (an A/B against another build). */
const DIST = process.env.BENCH_DIST || null;
/** BENCH_PROFILE=1 prints where the first panel export of each format, and an extra sort and filter of the Network view, spent their time (extra runs, left out of the figures: the profiler slows them). */
const PROFILE = process.env.BENCH_PROFILE === '1';
/** BENCH_PARTS=export,network,timeline runs only those parts. */
const PARTS = (process.env.BENCH_PARTS ?? 'export,network,timeline').split(',');
/** BENCH_BASELINE_DIST=<dir>: the panel export and Network view of another build (e.g. main's) too, on the same data, in the same run, alternating. */
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST || null;
/** BENCH_KEEP=<dir> keeps the last panel export of each format there (to compare with the CLI's). */
const KEEP = process.env.BENCH_KEEP;
/** BENCH_FORMATS=json,csv runs only those (default json, trace, csv, report; har and otlp on request). */
const FORMATS = [
  { id: 'json', label: 'JSON' },
  { id: 'trace', label: 'Trace' },
  { id: 'csv', label: 'CSV' },
  { id: 'report', label: 'Report (HTML)' },
  { id: 'har', label: 'HAR' },
  { id: 'otlp', label: 'OTLP' },
].filter((f) => (process.env.BENCH_FORMATS ?? 'json,trace,csv,report').split(',').includes(f.id));
/** BENCH_HOURS=2 exports a session of that many hours instead (100,000 samples and 20,000 requests an hour): is an export's heap peak bounded? */
const HOURS = Number(process.env.BENCH_HOURS ?? 1);
const HOUR_SAMPLES = Math.round(100_000 * HOURS);
const HOUR_REQUESTS = Math.round(20_000 * HOURS);
/** The Timeline's hour: memory samples (heap and DOM nodes: two chart points each). */
const TIMELINE_SAMPLES = Number(process.env.BENCH_TIMELINE_SAMPLES ?? 500_000);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * A synthetic session as an import stores it: every synthetic session numbers its views and
 * alerts from 1, and those stores are keyed by id, so unscoped ids of a later session replaced
 * the hour's views and alerts (the panel's export then lacked them: 12,854 bytes smaller).
 */
const stored = (data: SessionData): SessionData => assignNewIdentity(data, 'imported-json', data.session.id, data.session.bytes);

/** The session as the JSON export (what the CLI reads), unsanitized. */
async function writeSessionFile(data: SessionData, path: string): Promise<void> {
  const { files } = startExport('json', exportInputFrom(data), { sanitize: false, now: data.session.startTime });
  const out = createWriteStream(path);
  for await (const chunk of files[0]!.chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** Writes a session straight into the extension's IndexedDB from one of its pages, in slices. */
async function storeInBrowser(page: Page, data: SessionData): Promise<void> {
  // The records go as one JSON string: Playwright's own serialization of 100,000 objects takes minutes here.
  const put = (store: string, list: unknown[], sessionId: string | null) =>
    page.evaluate(
      async ({ store, json, sessionId }) => {
        const records = JSON.parse(json) as unknown[];
        const db: IDBDatabase = await new Promise((resolve, reject) => {
          const open = indexedDB.open('admin-performance');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          const os = tx.objectStore(store);
          for (const r of records) os.put(sessionId ? { ...(r as object), sessionId } : r);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { store, json: JSON.stringify(list), sessionId },
    );
  const id = data.session.id;
  await put('sessions', [data.session], null);
  await put('views', data.views.map((v) => ({ ...v, sessionId: id })), null);
  // As SessionStore.putSessionData stores them: samples and requests in time-sorted chunks.
  for (const table of ['samples', 'requests'] as const) {
    const chunks = chunksOf(id, data[table] as { t: number }[]);
    for (let i = 0; i < chunks.length; i += 40) await put(CHUNK_STORES[table], chunks.slice(i, i + 40), null);
  }
  await put('alerts', data.alerts, id);
}

/**
 * A one-hour session of `count` memory samples (a seeded random walk of the heap and the DOM
 * node count), generated and stored in chunks inside the page: 1M chart points would take
 * minutes to send through the driver.
 */
async function storeTimelineHour(page: Page, template: SessionData, count: number): Promise<SessionData['session']> {
  const session = { ...template.session, id: 'timeline-hour', name: 'One hour of memory samples', counts: { views: 1, samples: count, requests: 0, alerts: 0 }, bytes: count * 110 };
  const view = { ...template.views[0]!, id: `${session.id}/view-1`, sessionId: session.id };
  await page.evaluate(
    async ({ session, view, count, chunkRecords }) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('admin-performance');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
      let heap = 30e6;
      let nodes = 3000;
      const span = (session.endTime ?? session.startTime + 3_600_000) - session.startTime;
      for (let done = 0; done < count; ) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['sessions', 'views', 'sample-chunks'], 'readwrite');
          if (done === 0) {
            tx.objectStore('sessions').put(session);
            tx.objectStore('views').put(view);
          }
          for (let c = 0; c < 40 && done < count; c++) {
            const records = [];
            for (let i = 0; i < chunkRecords && done < count; i++, done++) {
              heap = Math.max(8e6, heap + (random() - 0.5) * 400_000);
              nodes = Math.max(500, Math.round(nodes + (random() - 0.5) * 40));
              records.push({ kind: 'memory', t: session.startTime + (done * span) / count, viewId: view.id, heapUsed: Math.round(heap), heapTotal: Math.round(heap * 1.3), domNodes: nodes });
            }
            tx.objectStore('sample-chunks').add({ sessionId: session.id, t: records[0]!.t, last: records[records.length - 1]!.t, records });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { session, view, count, chunkRecords: CHUNK_RECORDS },
  );
  return session;
}

/** Frame times and long animation frames in the page from now on. */
async function startFrameWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: { deltas: number[]; longFrames: number[]; stop: boolean; observer: PerformanceObserver } };
    const frames = { deltas: [] as number[], longFrames: [] as number[], stop: false, observer: null as unknown as PerformanceObserver };
    w.__frames = frames;
    let last = performance.now();
    const tick = (now: number) => {
      frames.deltas.push(now - last);
      last = now;
      if (!frames.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    frames.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) frames.longFrames.push(e.duration);
    });
    frames.observer.observe({ type: 'long-animation-frame' });
  });
}

async function stopFrameWatch(page: Page): Promise<{ maxFrameMs: number; framesOver50: number; longFrames: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: { deltas: number[]; longFrames: number[]; stop: boolean; observer: PerformanceObserver } };
    w.__frames.stop = true;
    w.__frames.observer.disconnect();
    const d = w.__frames.deltas;
    return { maxFrameMs: Math.max(0, ...d), framesOver50: d.filter((x) => x > 50).length, longFrames: w.__frames.longFrames };
  });
}

/** Peak JS heap growth during an export, bytes: the panel page's, its workers' (all started by the export) and of their sum at the same moment. */
type HeapPeaks = { panel: number; workers: number; total: number };

/**
 * Polls the used V8 heap (CDP Runtime.getHeapUsage: exact, unlike performance.memory) of the panel
 * page and of every worker it runs (auto-attached, so a worker's heap counts from its first poll)
 * every ~20 ms until stopped. A worker's whole heap counts as growth: it did not exist before.
 * ArrayBuffers' backing stores (the zip's bytes) are outside the V8 heap, in neither figure.
 */
async function startHeapWatch(page: Page): Promise<() => Promise<HeapPeaks>> {
  const cdp = await heapSession(page);
  const used = async (sessionId: string | null): Promise<number> => {
    if (!sessionId) return ((await cdp.session.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    const id = ++cdp.nextId;
    // A worker that ends before it answers never does: count it as gone after 1 s.
    const reply = new Promise<number>((resolve) => {
      const timer = setTimeout(() => cdp.pending.delete(id) && resolve(0), 1000);
      cdp.pending.set(id, (bytes) => {
        clearTimeout(timer);
        resolve(bytes);
      });
    });
    await cdp.session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => cdp.pending.get(id)?.(0));
    return reply;
  };
  const base = await used(null);
  const peaks: HeapPeaks = { panel: 0, workers: 0, total: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const [panel, ...workers] = await Promise.all([used(null), ...[...cdp.workers].map((id) => used(id))]);
      const inWorkers = workers.reduce((sum, bytes) => sum + bytes, 0);
      peaks.panel = Math.max(peaks.panel, panel! - base);
      peaks.workers = Math.max(peaks.workers, inWorkers);
      peaks.total = Math.max(peaks.total, panel! - base + inWorkers);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return peaks;
  };
}

/** A page's CDP session attached to its workers: their session ids, and the replies awaited from them. */
interface HeapSession {
  session: CDPSession;
  workers: Set<string>;
  pending: Map<number, (bytes: number) => void>;
  nextId: number;
}

/** One CDP session per page, auto-attached (not flattened) to its workers, whose messages it routes. */
async function heapSession(page: Page): Promise<HeapSession> {
  const entry = heapSessions.get(page);
  if (entry) return entry;
  const session = await page.context().newCDPSession(page);
  const created: HeapSession = { session, workers: new Set<string>(), pending: new Map<number, (bytes: number) => void>(), nextId: 0 };
  session.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
    if (event.targetInfo.type === 'worker') created.workers.add(event.sessionId);
  });
  session.on('Target.detachedFromTarget', (event: { sessionId: string }) => created.workers.delete(event.sessionId));
  session.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
    if (message.id === undefined) return;
    created.pending.get(message.id)?.(message.result?.usedSize ?? 0);
    created.pending.delete(message.id);
  });
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  heapSessions.set(page, created);
  return created;
}
const heapSessions = new WeakMap<Page, HeapSession>();

/** Where the panel's main thread spent an action (an export, a sort, a filter): self time per function (V8 sampling profiler), top entries. */
async function profileExport(page: Page, click: () => Promise<unknown>): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await click();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
  };
  await cdp.detach();
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}`;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

/** The runs of one format: this build's, the baseline's, this build's on a tenth of the hour, and the CLI's. */
type ExportRuns = { panel: PanelExport[]; baseline: PanelExport[]; tenth: PanelExport[]; cliMs: number[]; cliBytes: number };
const mib = (bytes: number) => (bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`);

/** CPU time of one export in the panel page, ms. */
type Cpu = { thread: number; process: number };
const cpuFigures = (runs: Cpu[]) => `main thread ${median(runs.map((c) => c.thread)).toFixed(0)} ms, process ${median(runs.map((c) => c.process)).toFixed(0)} ms (medians)`;

/**
 * The panel's CPU time so far, ms (CDP Performance.getMetrics): its main thread's ("ThreadTime")
 * and its renderer process's, workers included ("ProcessTime"). CPU time, not wall time, so a
 * loaded machine inflates it far less than the export's duration.
 */
async function panelCpuMs(page: Page): Promise<{ thread: number; process: number }> {
  // One session per page, left enabled: the metrics count only while Performance is enabled.
  let cdp = performanceSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    performanceSessions.set(page, cdp);
  }
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { thread: metric('ThreadTime'), process: metric('ProcessTime') };
}
const performanceSessions = new WeakMap<Page, Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>>();

/** One panel export: its time, the file's size, the peak heap growth (panel and workers), the panel's CPU time and its frames meanwhile (requestAnimationFrame intervals). */
type PanelExport = { ms: number; bytes: number; heap: HeapPeaks; cpu: Cpu; frames: { maxFrameMs: number; framesOver50: number } };

async function exportFromPanel(page: Page, sessionName: string, label: string, dir: string, profile = false): Promise<PanelExport> {
  const dialog = page.getByRole('region', { name: `Export ${sessionName}` });
  await page.evaluate(() => (window as unknown as { gc?: () => void }).gc?.());
  const stopHeapWatch = await startHeapWatch(page);
  await startFrameWatch(page);
  const cpuBefore = await panelCpuMs(page);
  const started = Date.now();
  const run = () => Promise.all([page.waitForEvent('download', { timeout: 120_000 }), dialog.getByRole('button', { name: `Export ${label}` }).click()]);
  let download!: Awaited<ReturnType<typeof run>>[0];
  if (profile) {
    const lines = await profileExport(page, async () => ([download] = await run()));
    process.stderr.write(`  profile of the ${label} export (self time):\n${lines.map((l) => `    ${l}`).join('\n')}\n`);
  } else [download] = await run();
  const ms = Date.now() - started;
  const cpuAfter = await panelCpuMs(page);
  const cpu = { thread: cpuAfter.thread - cpuBefore.thread, process: cpuAfter.process - cpuBefore.process };
  const heap = await stopHeapWatch();
  const { maxFrameMs, framesOver50 } = await stopFrameWatch(page);
  const path = join(dir, `panel-${download.suggestedFilename()}`);
  await download.saveAs(path);
  const bytes = statSync(path).size;
  if (KEEP) renameSync(path, join(KEEP, `panel-${download.suggestedFilename()}`));
  else rmSync(path);
  const button = dialog.getByRole('button', { name: `Export ${label}` });
  for (let waited = 0; !(await button.isEnabled()); waited += 100) {
    if (waited > 180_000) throw new Error(`The ${label} export did not finish within 3 min`);
    await page.waitForTimeout(100);
  }
  return { ms, bytes, heap, cpu, frames: { maxFrameMs, framesOver50 } };
}

function exportFromCli(file: string, format: string, dir: string): { ms: number; bytes: number } {
  const stem = join(dir, `cli-${format}`);
  const out = format === 'csv' ? stem : `${stem}.${format}`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/export.ts'), file, '--format', format, '--out', out, '--no-sanitize'], { cwd: ROOT, encoding: 'utf8' });
  const ms = Date.now() - started;
  if (run.status !== 0) throw new Error(`npm run export -- --format ${format} failed: ${run.stderr}`);
  const written = [...run.stdout.matchAll(/^wrote (.+) \(/gm)].map((m) => m[1]!);
  const bytes = written.reduce((sum, path) => sum + statSync(path).size, 0);
  for (const path of written) rmSync(path);
  return { ms, bytes };
}

/**
 * Time until `done()` holds in the page (checked every animation frame), ms: `fromInput` from the
 * input event the action dispatched in the page (click, input or resize: what the panel itself
 * takes), `withDriver` from before the driver started the action (adds Playwright's actionability
 * checks and round trips, which on a loaded machine are most of it).
 */
async function timeUntil(page: Page, action: () => Promise<unknown>, done: string): Promise<{ fromInput: number; withDriver: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number; __input: number | null; __stopInput: () => void };
    w.__t0 = performance.now();
    w.__input = null;
    const seen = (e: Event) => (w.__input ??= e.timeStamp);
    const types = ['click', 'input', 'resize'];
    for (const type of types) window.addEventListener(type, seen, { capture: true });
    w.__stopInput = () => types.forEach((type) => window.removeEventListener(type, seen, { capture: true }));
  });
  await action();
  return page.evaluate(
    (source) =>
      new Promise<{ fromInput: number; withDriver: number }>((resolve) => {
        const w = window as unknown as { __t0: number; __input: number | null; __stopInput: () => void };
        const check = new Function(`return (${source})`) as () => boolean;
        const step = () => {
          if (!check()) return void requestAnimationFrame(step);
          const now = performance.now();
          w.__stopInput();
          resolve({ fromInput: now - (w.__input ?? w.__t0), withDriver: now - w.__t0 });
        };
        step();
      }),
    done,
  );
}

/** An action's time from its input event and from the driver's call, ms; cpu: the panel's main-thread CPU time meanwhile, ms (Network view only). */
type Timed = { fromInput: number; withDriver: number; cpu?: number };

/** Sort clicks of one run, in order: each column's first click computes (or finds) its order; the second Duration click reverses a kept one. */
const SORT_CLICKS = ['Duration', 'Duration', 'Name', 'Size', 'Start'];

/** Opens the session in the Network view, clicks the headers (SORT_CLICKS) and types filters, timing each until the view shows it. */
async function measureNetwork(panel: Page, panelUrl: (view: string) => string, sessionName: string, profile: boolean) {
  await panel.goto(panelUrl('sessions'));
  // When the column-order worker closes, every order is made: was that by the time the table showed?
  let ordersDone = 0;
  const onWorker = (worker: import('playwright-core').Worker) => {
    if (worker.url().includes('column-order-worker')) worker.once('close', () => (ordersDone ||= Date.now()));
  };
  panel.on('worker', onWorker);
  await panel.getByRole('button', { name: `Open ${sessionName}` }).click();
  // Opening loads the session, then shows the Overview: only then go to Network.
  await panel.getByRole('tab', { name: 'Overview', selected: true }).waitFor({ timeout: 600_000 });
  await panel.getByRole('tab', { name: 'Network' }).click();
  const count = panel.getByTestId('network-count');
  await panel.waitForFunction(() => /^100,000 of 100,000 requests/.test(document.querySelector('[data-testid="network-count"]')?.textContent ?? ''), undefined, { timeout: 600_000 });
  const firstCell = "document.querySelector('.network .body [role=row] [role=cell]')?.textContent";
  const sorts: [string, Timed][] = [];
  // The panel's main-thread CPU time per action (CDP Performance.getMetrics ThreadTime): what the click costs the panel, less sensitive to other processes than the wall time.
  const cdp = await panel.context().newCDPSession(panel);
  await cdp.send('Performance.enable');
  const threadMs = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
  const timed = async (action: () => Promise<unknown>, done: string): Promise<Timed> => {
    const before = await threadMs();
    const t = await timeUntil(panel, action, done);
    return { ...t, cpu: (await threadMs()) - before };
  };
  const shownAt = Date.now();
  const ordersBeforeFirstClick = ordersDone > 0;
  await startFrameWatch(panel);
  for (const column of SORT_CLICKS) {
    const before = await panel.evaluate(firstCell);
    const header = panel.getByRole('columnheader').getByRole('button', { name: new RegExp(`^${column}`) });
    sorts.push([column, await timed(() => header.click(), `${firstCell} !== ${JSON.stringify(before)}`)]);
  }
  // The floor: a click that changes nothing (the Waterfall header is no button), timed for the same CPU window (two frames).
  const floor = await timed(() => panel.getByRole('columnheader', { name: 'Waterfall' }).click(), 'window.__floorFrames = (window.__floorFrames ?? 0) + 1, window.__floorFrames % 2 === 0');
  const filters: Timed[] = [];
  const search = panel.getByRole('searchbox', { name: 'Filter requests by URL' });
  for (const text of ['users', 'orders', '']) {
    const before = await count.innerText();
    filters.push(await timed(() => search.fill(text), `document.querySelector('[data-testid="network-count"]')?.textContent !== ${JSON.stringify(before)}`));
  }
  const frames = await stopFrameWatch(panel);
  panel.off('worker', onWorker);
  await cdp.detach();
  process.stderr.write(`  orders ${ordersBeforeFirstClick ? 'all made by the time the table showed' : ordersDone ? `all made ${ordersDone - shownAt} ms after the table showed` : 'not all made by a worker during the run'}\n`);
  if (profile) {
    // Extra actions, left out of the figures: a column not sorted yet, one sorted before, a filter.
    const profiled: [string, () => Promise<unknown>, string][] = [
      ['first sort by Type', () => panel.getByRole('columnheader').getByRole('button', { name: /^Type/ }).click(), 'Type'],
      ['sort by Duration again', () => panel.getByRole('columnheader').getByRole('button', { name: /^Duration/ }).click(), 'Duration'],
    ];
    for (const [what, action, column] of profiled) {
      // A fixed window: the first row may be the same in the new order.
      const lines = await profileExport(panel, async () => {
        await action();
        await panel.waitForFunction((c) => document.querySelector('.network [aria-sort]:not([aria-sort=none]) button')?.textContent?.startsWith(c), column);
        await panel.waitForTimeout(2000);
      });
      process.stderr.write(`  profile of the ${what} (self time):\n${lines.map((l) => `    ${l}`).join('\n')}\n`);
    }
    for (const text of ['user', 'users']) {
      const lines = await profileExport(panel, async () => {
        await search.fill(text);
        await panel.waitForTimeout(2000);
      });
      process.stderr.write(`  profile of the filter "${text}" (self time):\n${lines.map((l) => `    ${l}`).join('\n')}\n`);
    }
  }
  return { sorts, filters, frames, ordersBeforeFirstClick, floor };
}

/** A browser with the extension of `dist` (default dist/) and its panel page on the Sessions view. */
async function launchPanel(dist: string | undefined, profileDir: string) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: await findBrowser(),
    headless: true,
    args: [...QUIET_FLAGS, ...extensionArgs(dist), '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  // tsx keeps function names with a __name helper, which functions sent to the page would call.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const inspected = await context.newPage();
  await inspected.goto('about:blank');
  const tabId = await worker.evaluate(async () => (await chrome.tabs.query({})).find((t) => t.url === 'about:blank')?.id ?? -1);
  const panelUrl = (view: string) => `chrome-extension://${extensionId}/src/panel/index.html?tabId=${tabId}&view=${view}`;
  const panel = await context.newPage();
  panel.on('crash', () => process.stderr.write('The panel page crashed.\n'));
  panel.on('pageerror', (error) => process.stderr.write(`Panel error: ${error.message}\n`));
  await panel.goto(panelUrl('sessions'));
  await panel.getByRole('tabpanel').waitFor();
  return { context, panel, panelUrl };
}

/** Opens the session's export dialog, full export. */
async function openExportDialog(panel: Page, sessionId: string): Promise<void> {
  const row = panel.locator(`tr[data-session-id="${sessionId}"]`);
  await row.waitFor({ timeout: 60_000 });
  await row.getByRole('button', { name: /^Export .*…$/ }).click();
  await panel.getByRole('checkbox', { name: 'Include cookies, authorization headers and tokens (full export)' }).check();
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-panel-'));
  const hour = stored(createSyntheticSession({ seed: 12, samples: HOUR_SAMPLES, requests: HOUR_REQUESTS }));
  const sessionFile = join(dir, 'hour.json');
  await writeSessionFile(hour, sessionFile);
  const wide = stored(createSyntheticSession({ seed: 13, samples: 3_600, requests: 100_000 }));
  const tenth = stored(createSyntheticSession({ seed: 16, samples: 10_000, requests: 2_000 }));
  tenth.session.name = `${tenth.session.name} (a tenth)`;

  const { context, panel, panelUrl } = await launchPanel(DIST ?? undefined, join(dir, 'profile'));
  const base = BASELINE_DIST && (PARTS.includes('export') || PARTS.includes('network')) ? await launchPanel(BASELINE_DIST, join(dir, 'profile-baseline')) : null;
  const report: Record<string, unknown> = {};
  try {
    process.stderr.write('Storing the sessions…\n');
    if (PARTS.includes('export')) await storeInBrowser(panel, hour);
    if (PARTS.includes('export')) await storeInBrowser(panel, tenth);
    if (PARTS.includes('network')) await storeInBrowser(panel, wide);
    const timelineSession = PARTS.includes('timeline') ? await storeTimelineHour(panel, wide, TIMELINE_SAMPLES) : null;
    // The Sessions view compares the two latest sessions, loading them whole: two small ones, a
    // day later, keep that from loading the big ones while they are measured.
    for (const seed of [14, 15]) {
      const small = stored(createSyntheticSession({ seed, startTime: hour.session.startTime + 86_400_000 + seed }));
      await storeInBrowser(panel, small);
    }
    if (base) {
      if (PARTS.includes('export')) await storeInBrowser(base.panel, hour);
      if (PARTS.includes('network')) await storeInBrowser(base.panel, wide);
      for (const seed of [14, 15]) await storeInBrowser(base.panel, stored(createSyntheticSession({ seed, startTime: hour.session.startTime + 86_400_000 + seed })));
      await base.panel.goto(base.panelUrl('sessions'));
      if (PARTS.includes('export')) await openExportDialog(base.panel, hour.session.id);
    }
    process.stderr.write('Stored.\n');
    await panel.goto(panelUrl('sessions'));

    // ── Export: panel vs CLI on the same session, alternating ──
    if (PARTS.includes('export')) {
    await openExportDialog(panel, hour.session.id);
    const exports: Record<string, ExportRuns> = {};
    const describe = (r: PanelExport) =>
      `${r.ms} ms (CPU: main thread ${r.cpu.thread.toFixed(0)} ms, process ${r.cpu.process.toFixed(0)} ms), ${(r.bytes / 1048576).toFixed(1)} MiB, ` +
      `JS heap growth panel ${mib(r.heap.panel)} + workers ${mib(r.heap.workers)}, together ${mib(r.heap.total)}; longest frame ${r.frames.maxFrameMs.toFixed(0)} ms`;
    for (const format of FORMATS) {
      const entry: ExportRuns = (exports[format.id] = { panel: [], baseline: [], tenth: [], cliMs: [], cliBytes: 0 });
      // The profiled run is an extra one, left out of the figures (the profiler slows it).
      if (PROFILE) await exportFromPanel(panel, hour.session.name, format.label, dir, true);
      for (let i = 0; i < REPS; i++) {
        const panelRun = async () => {
          const r = await exportFromPanel(panel, hour.session.name, format.label, dir);
          process.stderr.write(`  ${format.id} from the panel: ${describe(r)}\n`);
          entry.panel.push(r);
        };
        const cliRun = () => {
          const r = exportFromCli(sessionFile, format.id, dir);
          process.stderr.write(`  ${format.id} from the CLI: ${r.ms} ms\n`);
          entry.cliMs.push(r.ms);
          entry.cliBytes = r.bytes;
        };
        const baselineRun = async () => {
          if (!base) return;
          const r = await exportFromPanel(base.panel, hour.session.name, format.label, dir);
          process.stderr.write(`  ${format.id} from the baseline panel: ${describe(r)}\n`);
          entry.baseline.push(r);
        };
        if (i % 2 === 0) {
          await panelRun();
          await baselineRun();
          cliRun();
        } else {
          cliRun();
          await baselineRun();
          await panelRun();
        }
      }
    }
    // The same exports of a tenth of the hour: a peak that holds pages, not the session, is about the same.
    await panel.getByRole('region', { name: `Export ${hour.session.name}` }).getByRole('button', { name: 'Close export' }).click();
    await openExportDialog(panel, tenth.session.id);
    for (const format of FORMATS)
      for (let i = 0; i < REPS; i++) {
        const r = await exportFromPanel(panel, tenth.session.name, format.label, dir);
        process.stderr.write(`  ${format.id} of a tenth from the panel: ${describe(r)}\n`);
        exports[format.id]!.tenth.push(r);
      }
    report.exports = exports;
    }

    // ── Network view at 100,000 requests: each run opens the stored session afresh (a new table: the first click of a column is measured every run) ──
    if (PARTS.includes('network')) {
      const builds = [{ name: 'ours', panel, panelUrl }, ...(base ? [{ name: 'baseline', panel: base.panel, panelUrl: base.panelUrl }] : [])];
      const results = Object.fromEntries(builds.map((b) => [b.name, { sorts: {} as Record<string, Timed[]>, filters: [] as Timed[], longFrames: [] as number[], maxFrameMs: 0, ordersBeforeFirstClick: 0, floor: [] as Timed[] }]));
      for (let i = 0; i < REPS; i++)
        for (const build of i % 2 === 0 ? builds : [...builds].reverse()) {
          process.stderr.write(`Network view, ${build.name}, run ${i + 1}…\n`);
          const run = await measureNetwork(build.panel, build.panelUrl, wide.session.name, PROFILE && i === 0 && build.name === 'ours');
          const into = results[build.name]!;
          for (const [column, timed] of run.sorts) (into.sorts[column] ??= []).push(timed);
          into.filters.push(...run.filters);
          into.floor.push(run.floor);
          into.longFrames.push(...run.frames.longFrames);
          into.maxFrameMs = Math.max(into.maxFrameMs, run.frames.maxFrameMs);
          if (run.ordersBeforeFirstClick) into.ordersBeforeFirstClick++;
        }
      report.network = { requests: wide.requests.length, ...results };
    }

    // ── Timeline at one hour of 1M chart points: full redraws by resizing the panel ──
    if (timelineSession) {
    process.stderr.write('Timeline…\n');
    await panel.setViewportSize({ width: 1280, height: 800 });
    await panel.goto(panelUrl('sessions'));
    await panel.getByRole('button', { name: `Open ${timelineSession.name}` }).click();
    await panel.getByRole('tab', { name: 'Overview', selected: true }).waitFor({ timeout: 600_000 });
    await panel.getByRole('tab', { name: 'Timeline' }).click();
    await panel.waitForFunction((n) => document.querySelector('.timeline')?.textContent?.includes(`${n.toLocaleString('en-US')} points`), TIMELINE_SAMPLES, { timeout: 600_000 });
    await panel.locator('.chart canvas').first().waitFor();
    await panel.waitForTimeout(1500);
    await startFrameWatch(panel);
    const redraws: { fromInput: number; withDriver: number }[] = [];
    for (let i = 0; i < REPS * 2; i++) {
      const width = i % 2 === 0 ? 1000 : 1280;
      redraws.push(
        await timeUntil(
          panel,
          () => panel.setViewportSize({ width, height: 800 }),
          `[...document.querySelectorAll('.chart canvas')].every((c) => Math.abs(c.getBoundingClientRect().width - ${width - 60}) < 80)`,
        ),
      );
      await panel.waitForTimeout(300);
    }
    const timelineFrames = await stopFrameWatch(panel);
    const charts = await panel.evaluate(() => document.querySelectorAll('.chart').length);
    report.timeline = { session: { samples: TIMELINE_SAMPLES, chartPoints: TIMELINE_SAMPLES * 2 }, charts, redrawMs: redraws, frames: timelineFrames };
    }
  } finally {
    await context.close();
    await base?.context.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const lines = [
    `Panel benchmark — ${DIST ? `extension from ${DIST}` : 'dist/'}, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores, load average ${loadBefore[0]!.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}, medians of ${REPS}`,
    '',
    `Export of ${HOUR_SAMPLES.toLocaleString('en-US')} samples + ${HOUR_REQUESTS.toLocaleString('en-US')} requests (full export), panel (click → download) vs CLI (new process), same data:`,
  ];
  for (const [id, e] of Object.entries((report.exports ?? {}) as Record<string, ExportRuns>)) {
    const p = median(e.panel.map((r) => r.ms));
    const c = median(e.cliMs);
    const bytes = e.panel[0]!.bytes;
    const heap = (runs: PanelExport[], key: keyof HeapPeaks) => median(runs.map((r) => r.heap[key]));
    const memory = (runs: PanelExport[]) =>
      `heap growth ${mib(heap(runs, 'total'))} = ${(heap(runs, 'total') / runs[0]!.bytes).toFixed(2)}× the file (panel ${mib(heap(runs, 'panel'))}, workers ${mib(heap(runs, 'workers'))})`;
    const frames = (runs: PanelExport[]) => `longest panel frame ${Math.max(...runs.map((r) => r.frames.maxFrameMs)).toFixed(0)} ms, frames over 50 ms ${runs.reduce((n, r) => n + r.frames.framesOver50, 0)}`;
    lines.push(
      `  ${id.padEnd(6)} panel ${(p / 1000).toFixed(2)} s (${e.panel.map((r) => r.ms).join(', ')} ms), CLI ${(c / 1000).toFixed(2)} s (${e.cliMs.join(', ')} ms), ratio ${(p / c).toFixed(2)}; ` +
        `file ${mib(bytes)} (CLI ${mib(e.cliBytes)}), ${memory(e.panel)}; panel CPU ${cpuFigures(e.panel.map((r) => r.cpu))}; ${frames(e.panel)}`,
    );
    if (e.baseline.length)
      lines.push(
        `         baseline build's panel ${(median(e.baseline.map((r) => r.ms)) / 1000).toFixed(2)} s (${e.baseline.map((r) => r.ms).join(', ')} ms), ${e.baseline[0]!.bytes} bytes (ours ${bytes}), ` +
          `${memory(e.baseline)}; CPU ${cpuFigures(e.baseline.map((r) => r.cpu))}; ${frames(e.baseline)}`,
      );
    if (e.tenth.length)
      lines.push(`         a tenth of the hour (10,000 samples, 2,000 requests): ${(median(e.tenth.map((r) => r.ms)) / 1000).toFixed(2)} s, file ${mib(e.tenth[0]!.bytes)}, ${memory(e.tenth)} — the hour's peak is ${(heap(e.panel, 'total') / heap(e.tenth, 'total')).toFixed(2)}× this for ${(bytes / e.tenth[0]!.bytes).toFixed(1)}× the file`);
  }
  const figures = (runs: Timed[]): string =>
    `median ${median(runs.map((r) => r.fromInput)).toFixed(0)} ms (${runs.map((r) => r.fromInput.toFixed(0)).join(', ')}); with the driver ${median(runs.map((r) => r.withDriver)).toFixed(0)} ms` +
    (runs[0]?.cpu !== undefined ? `; panel main-thread CPU median ${median(runs.map((r) => r.cpu!)).toFixed(0)} ms (${runs.map((r) => r.cpu!.toFixed(0)).join(', ')})` : '');
  type NetworkRuns = { sorts: Record<string, Timed[]>; filters: Timed[]; floor: Timed[]; longFrames: number[]; maxFrameMs: number; ordersBeforeFirstClick: number };
  const network = report.network as ({ requests: number } & Record<string, NetworkRuns>) | undefined;
  if (network) {
    lines.push('', `Network view, ${network.requests.toLocaleString('en')} requests: input event in the panel → new order shown (ms, each run; each run opens the session afresh: "first" is a column's first click)`);
    for (const name of ['ours', 'baseline']) {
      const runs = network[name] as NetworkRuns | undefined;
      if (!runs) continue;
      lines.push(`  ${name === 'ours' ? `this build (${DIST ?? 'dist/'})` : `baseline (${BASELINE_DIST})`}: every order made by the worker by the time the table showed in ${runs.ordersBeforeFirstClick} of ${REPS} runs`);
      const seen = new Map<string, number>();
      const labelled: [string, Timed[]][] = [];
      for (const column of SORT_CLICKS) {
        const k = seen.get(column) ?? 0;
        seen.set(column, k + 1);
        labelled.push([`${column}${k ? ' again' : ' (first)'}`, runs.sorts[column]!.filter((_, j) => j % SORT_CLICKS.filter((c) => c === column).length === k)]);
      }
      for (const [label, timed] of labelled) lines.push(`  sort by ${label.padEnd(16)} ${figures(timed)}`);
      lines.push(`  filter (type → count shown) ${figures(runs.filters)}`);
      lines.push(`  a click that changes nothing (the floor: the driver's own work in the page) ${figures(runs.floor)}`);
      lines.push(`  longest frame ${runs.maxFrameMs.toFixed(0)} ms; long animation frames: ${runs.longFrames.length} (${runs.longFrames.map((x) => x.toFixed(0)).join(', ')} ms)`);
    }
  }
  const timeline = report.timeline as { redrawMs: Timed[]; frames: { maxFrameMs: number; longFrames: number[] } } | undefined;
  if (timeline)
  lines.push('', `Timeline, one hour of ${TIMELINE_SAMPLES.toLocaleString('en-US')} memory samples (${(TIMELINE_SAMPLES * 2).toLocaleString('en-US')} chart points): resize → every chart redrawn ${figures(timeline.redrawMs)}; longest frame ${timeline.frames.maxFrameMs.toFixed(0)} ms`);
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/panel.json'), `${JSON.stringify({ date: new Date().toISOString(), dist: DIST ?? 'dist', cores: cpus().length, loadAverage: loadBefore, repetitions: REPS, baselineDist: BASELINE_DIST, ...report }, null, 2)}\n`);
  process.stdout.write('Wrote .bench/panel.json\n');
}

await main();
