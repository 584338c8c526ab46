import * as TraceEngine from '@paulirish/trace_engine';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LongFrameSample, MemorySample, SessionData, VitalSample } from '../../../src/core/model';
import { exportTrace, TRACE_PROCESS, TRACE_THREAD, traceMicros, type TraceEvent } from '../../../src/core/sessions/export/trace';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { collect, EXPORTED_AT, smallSession } from './helpers';

// The engine is DevTools' own; in Node it only lacks DOMRect (see its analyze-trace.mjs).
beforeAll(() => {
  const global = globalThis as { DOMRect?: unknown };
  global.DOMRect ??= class DOMRect {
    constructor(
      public x = 0,
      public y = 0,
      public width = 0,
      public height = 0,
    ) {}
  };
});

interface TraceFile {
  traceEvents: TraceEvent[];
  metadata: Record<string, unknown>;
}

async function exportTraceFile(data: SessionData): Promise<TraceFile> {
  return JSON.parse(await collect(exportTrace(exportInputFrom(data), { now: EXPORTED_AT })));
}

/** Parses with every DevTools handler; throws if DevTools would fail to open the trace. */
async function parseWithDevTools(events: TraceEvent[]) {
  const model = TraceEngine.TraceModel.Model.createWithAllHandlers();
  await model.parse(events as unknown as TraceEngine.Types.Events.Event[]);
  const parsed = model.parsedTrace();
  if (!parsed) throw new Error('no parsed trace');
  return parsed.data;
}

describe('Chrome trace export', () => {
  const data = smallSession({ views: 6 });
  const vitals = data.samples.filter((s): s is VitalSample => s.kind === 'vital');
  const frames = data.samples.filter((s): s is LongFrameSample => s.kind === 'loaf');
  const memory = data.samples.filter((s): s is MemorySample => s.kind === 'memory');
  const hardViews = data.views.filter((view) => view.kind === 'hard');
  const softViews = data.views.filter((view) => view.kind === 'soft');
  let file: TraceFile;
  let parsed: Awaited<ReturnType<typeof parseWithDevTools>>;

  beforeAll(async () => {
    file = await exportTraceFile(data);
    parsed = await parseWithDevTools(file.traceEvents);
  });

  it('has the metadata DevTools needs to treat it as a Chrome trace', () => {
    const names = file.traceEvents.filter((e) => e.ph === 'M').map((e) => [e.name, e.args.name]);
    expect(names).toEqual(expect.arrayContaining([['process_name', 'Browser'], ['thread_name', 'CrBrowserMain'], ['process_name', 'Renderer'], ['thread_name', 'CrRendererMain']]));
    expect(parsed.Meta.traceIsGeneric).toBe(false);
    expect(parsed.Meta.mainFrameURL).toBe(data.session.url);
    expect(parsed.Meta.traceBounds.min).toBe(traceMicros(data.session.startTime));
    expect(file.metadata).toMatchObject({ source: 'Admin Performance', sanitized: true, dataOrigin: 'TraceEvents' });
  });

  it('puts every timestamp in microseconds', () => {
    const send = file.traceEvents.find((e) => e.name === 'ResourceSendRequest');
    expect(send?.ts).toBe(Math.round(data.requests[0]!.t * 1000));
  });

  it('shows hard navigations as DevTools navigations and soft ones as markers', () => {
    expect(hardViews.length).toBeGreaterThan(0);
    expect(parsed.Meta.mainFrameNavigations.map((nav) => nav.args.data?.documentLoaderURL)).toEqual(hardViews.map((view) => view.url));
    const markers = parsed.ExtensionTraceData.extensionMarkers.map((marker) => marker.name);
    expect(markers.filter((name) => name.startsWith('Soft navigation: '))).toHaveLength(softViews.length);
  });

  it('shows vitals and alerts as markers at their times', () => {
    const markers = parsed.ExtensionTraceData.extensionMarkers;
    expect(markers).toHaveLength(vitals.length + softViews.length + data.alerts.length);
    const vitalMarkers = markers.filter((marker) => /^(LCP|INP|CLS|FCP|TTFB) /.test(marker.name));
    expect(vitalMarkers.map((marker) => [marker.name.split(' ')[0], marker.ts])).toEqual(vitals.map((v) => [v.name, traceMicros(v.t)]));
    expect(vitalMarkers[0]?.name).toMatch(/^(LCP|INP|CLS|FCP|TTFB) [\d.,]+( ms)? \((good|needs-improvement|poor)\)$/);
    expect(markers.filter((marker) => marker.name.startsWith('Alert: '))).toHaveLength(data.alerts.length);
  });

  it('shows long animation frames as tasks on the renderer main thread', () => {
    const main = parsed.Renderer.processes.get(TRACE_PROCESS.renderer as never)?.threads.get(TRACE_THREAD.rendererMain as never);
    expect(main?.name).toBe('CrRendererMain');
    const tasks = (main?.entries ?? []).filter((entry) => entry.name === 'RunTask');
    expect(tasks.map((task) => [task.ts, task.dur])).toEqual(frames.map((frame) => [traceMicros(frame.t), traceMicros(frame.duration)]));
  });

  it("puts every request in DevTools' network track with its timing", () => {
    const requests = parsed.NetworkRequests.byTime;
    expect(requests).toHaveLength(data.requests.length);
    requests.forEach((request, i) => {
      const original = data.requests[i]!;
      expect(request.args.data.url).toBe(original.url);
      expect(request.ts).toBe(traceMicros(original.t));
      expect(request.dur).toBe(traceMicros(original.t + original.duration) - traceMicros(original.t));
      expect(request.args.data.statusCode).toBe(original.status);
    });
  });

  it('puts requests on an "Admin Performance › Requests" track too', () => {
    const group = parsed.ExtensionTraceData.extensionTrackData.find((track) => track.name === 'Admin Performance');
    expect(group?.isTrackGroup).toBe(true);
    expect(group?.entriesByTrack.Requests).toHaveLength(data.requests.length);
  });

  it('shows memory as counters', () => {
    const counters = [...parsed.Memory.updateCountersByProcess.values()].flat();
    expect(counters.map((c) => [c.ts, c.args.data.jsHeapSizeUsed, c.args.data.nodes])).toEqual(
      memory.map((m) => [traceMicros(m.t), m.heapUsed, m.domNodes]),
    );
    expect(file.traceEvents.filter((e) => e.ph === 'C' && e.name === 'JSHeapUsed')).toHaveLength(memory.length);
  });

  it('still opens with URLs DevTools cannot parse, and with no views or samples', async () => {
    const odd = smallSession({ views: 1, samples: 0, requests: 3, alerts: 0 });
    odd.requests[0] = { ...odd.requests[0]!, url: 'https://[not a host/x' };
    odd.requests[1] = { ...odd.requests[1]!, url: 'data:image/png;base64,AAAA' };
    const trace = await exportTraceFile(odd);
    const result = await parseWithDevTools(trace.traceEvents);
    expect(result.NetworkRequests.byTime).toHaveLength(1);
    await expect(parseWithDevTools((await exportTraceFile({ ...odd, views: [], requests: [] })).traceEvents)).resolves.toBeTruthy();
  });
});
