import { describe, expect, it } from 'vitest';
import { traceTime, type TraceEvent } from '../../../scripts/trace-cost.mjs';

const EXT = 'chrome-extension://abcdefghijklmnop/src/content/main.js';
const PAGE = 'http://127.0.0.1:4000/js/app.js';

/** A complete event on thread pid:tid, µs. */
const x = (pid: number, tid: number, name: string, ts: number, dur: number, tdur: number, data?: NonNullable<TraceEvent['args']>['data']): TraceEvent =>
  ({ name, ph: 'X', pid, tid, ts, dur, tdur, ...(data ? { args: { data } } : {}) });
const thread = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name } });

describe('traceTime', () => {
  it("sums the CPU time of the extension's outermost script entries and of the page's outermost tasks", () => {
    const events = [
      thread(1, 10, 'CrRendererMain'),
      // A task running our content script: its nested FunctionCall of ours counts once (inside the EvaluateScript).
      x(1, 10, 'ThreadControllerImpl::RunTask', 0, 5000, 4000),
      x(1, 10, 'EvaluateScript', 100, 3000, 2500, { url: EXT, lineNumber: 0, columnNumber: 0 }),
      x(1, 10, 'FunctionCall', 200, 1000, 900, { url: EXT, functionName: 'inner', lineNumber: 4 }),
      // A page task whose dispatch calls a listener of ours: the listener counts, the page's script does not.
      x(1, 10, 'ThreadControllerImpl::RunTask', 10_000, 8000, 6000),
      x(1, 10, 'FunctionCall', 10_100, 6000, 5000, { url: PAGE, functionName: 'render' }),
      x(1, 10, 'FunctionCall', 11_000, 500, 400, { url: EXT, functionName: 'onClick', lineNumber: 9, columnNumber: 2 }),
      // A nested task (a nested run loop) is not counted twice.
      x(1, 10, 'ThreadControllerImpl::RunTask', 12_000, 1000, 800),
    ];
    const t = traceTime(events);
    expect(t.taskMs).toBeCloseTo(10, 6);
    expect(t.selfMs).toBeCloseTo(2.9, 6);
    expect(t.wallMs).toBeCloseTo(3.5, 6);
    expect([...t.byFunction]).toEqual([
      ['(script) src/content/main.js:1:1', 2.5],
      ['onClick src/content/main.js:10:3', 0.4],
    ]);
  });

  it("reads the page's main thread: the renderer main thread with the most task time, not another renderer's or a worker", () => {
    const events = [
      thread(1, 10, 'CrRendererMain'),
      thread(2, 20, 'CrRendererMain'),
      thread(2, 21, 'DedicatedWorker thread'),
      x(1, 10, 'ThreadControllerImpl::RunTask', 0, 1000, 900),
      x(1, 10, 'FunctionCall', 0, 500, 450, { url: EXT }),
      x(2, 20, 'ThreadControllerImpl::RunTask', 0, 9000, 7000),
      x(2, 20, 'FunctionCall', 100, 300, 200, { url: EXT }),
      x(2, 21, 'ThreadControllerImpl::RunTask', 0, 90_000, 90_000),
      x(2, 21, 'FunctionCall', 0, 90_000, 90_000, { url: EXT }),
    ];
    const t = traceTime(events);
    expect(t.taskMs).toBeCloseTo(7, 6);
    expect(t.selfMs).toBeCloseTo(0.2, 6);
  });

  it('counts nothing for a page without extension scripts, and nothing at all without a renderer main thread', () => {
    const page = [thread(1, 10, 'CrRendererMain'), x(1, 10, 'ThreadControllerImpl::RunTask', 0, 1000, 800), x(1, 10, 'FunctionCall', 0, 900, 700, { url: PAGE })];
    expect(traceTime(page)).toMatchObject({ taskMs: 0.8, selfMs: 0, wallMs: 0 });
    expect(traceTime([x(1, 10, 'ThreadControllerImpl::RunTask', 0, 1000, 800)])).toMatchObject({ taskMs: 0, selfMs: 0 });
  });
});
