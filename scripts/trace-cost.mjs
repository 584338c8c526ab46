/**
 * What a Chrome trace says an extension's scripts cost a page (`npm run bench`, BENCH_METHOD=trace):
 *
 *   const { taskMs, selfMs, wallMs, byFunction } = traceTime(events);   // events: Tracing.dataCollected values
 *
 * The page's main thread is the renderer main thread with the most task CPU time; its task time
 * is the CPU time (thread clock) of its outermost tasks. The extension's time is the CPU time of
 * its outermost script entries (a content script's first run, each call into it from the
 * browser: observers, timers, listeners) with everything they called (compilation, DOM, the
 * garbage collection they triggered). An entry of ours inside another of ours counts once; one
 * inside the page's (a listener of ours called by the page's dispatch) counts.
 */
/** Names of the trace events in which a script's own code runs: the script's first run, and each call into it from the browser. */
const SCRIPT_ENTRIES = new Set(['EvaluateScript', 'FunctionCall']);
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** The page's main-thread task CPU ms, the extension's CPU ms and wall ms in it, and its CPU ms per script entry (`name file:line:column`). */
export function traceTime(events) {
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mainThreads.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  let best = { taskMs: 0, selfMs: 0, wallMs: 0, byFunction: new Map() };
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open = [];
    let taskUs = 0;
    let ownUs = 0;
    let ownWallUs = 0;
    const byFunction = new Map();
    for (const e of list) {
      while (open.length && open.at(-1).end <= e.ts) open.pop();
      const task = TASK_EVENTS.has(e.name);
      const data = e.args?.data;
      const own = SCRIPT_ENTRIES.has(e.name) && typeof data?.url === 'string' && data.url.startsWith('chrome-extension://');
      if (task && !open.some((o) => o.task)) taskUs += e.tdur ?? 0;
      if (own && !open.some((o) => o.own)) {
        ownUs += e.tdur ?? 0;
        ownWallUs += e.dur ?? 0;
        const key = `${e.name === 'EvaluateScript' ? '(script)' : data.functionName || '(anonymous)'} ${data.url.replace(/^chrome-extension:\/\/[^/]+\//, '')}:${(data.lineNumber ?? 0) + 1}:${(data.columnNumber ?? 0) + 1}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + (e.tdur ?? 0) / 1000);
      }
      open.push({ end: e.ts + (e.dur ?? 0), task, own });
    }
    if (taskUs / 1000 > best.taskMs) best = { taskMs: taskUs / 1000, selfMs: ownUs / 1000, wallMs: ownWallUs / 1000, byFunction };
  }
  return best;
}

