import { useEffect, useMemo, useState } from 'react';
import { isMeasured, notMeasuredNote, supportOf } from '../../core/metrics/browser-support';
import { longFrames, memorySamples, requestRate } from '../../core/metrics/summary';
import { Chart } from '../components/Chart';
import { useCaptureData, type CaptureData } from '../context';

/** Redraws at most twice a second however fast data arrives. */
function useThrottledCaptureData(ms = 500): CaptureData {
  const data = useCaptureData();
  const [shown, setShown] = useState(data);
  useEffect(() => {
    const t = setTimeout(() => setShown(data), ms);
    return () => clearTimeout(t);
  }, [data, ms]);
  return shown;
}

export function Timeline() {
  const data = useThrottledCaptureData();
  const { samples, requests, views, session } = data;

  const series = useMemo(() => {
    const memory = memorySamples(samples);
    const frames = longFrames(samples);
    const start = session?.startTime ?? memory[0]?.t ?? Date.now();
    const end = Math.max(start + 1000, Date.now(), ...(memory.length ? [memory[memory.length - 1]!.t] : []));
    const [rx, ry] = requestRate(requests, start, end);
    return {
      heap: [memory.map((m) => m.t / 1000), memory.map((m) => (m.heapUsed === null ? null : m.heapUsed / 1024 / 1024))] as [number[], (number | null)[]],
      dom: [memory.map((m) => m.t / 1000), memory.map((m) => m.domNodes)] as [number[], number[]],
      frames: [frames.map((f) => f.t / 1000), frames.map((f) => f.duration)] as [number[], number[]],
      rate: [rx.map((x) => x / 1000), ry] as [number[], number[]],
      marks: views.map((v) => v.startTime / 1000),
      heapAvailable: memory.some((m) => m.heapUsed !== null),
      support: supportOf(session, views),
    };
  }, [data]);
  const framesMeasured = isMeasured(series.support, 'longFrames') || series.frames[0].length > 0;

  return (
    <div className="timeline">
      <p className="muted">Dashed lines mark view starts (page loads and SPA navigations). {views.length} views.</p>
      {series.heapAvailable ? (
        <Chart title="JS heap" label="Heap used (MiB)" data={series.heap} marks={series.marks} color="#1a73e8" />
      ) : (
        <p className="muted not-measured">{notMeasuredNote('heap')}</p>
      )}
      <Chart title="DOM nodes" label="DOM nodes (count)" data={series.dom} marks={series.marks} color="#188038" />
      {framesMeasured ? (
        <Chart title="Long animation frames" label="Frame duration (ms)" data={series.frames} marks={series.marks} bars color="#d93025" />
      ) : (
        <p className="muted not-measured">{notMeasuredNote('longFrames')}</p>
      )}
      <Chart title="Request rate" label="Requests (per s)" data={series.rate} marks={series.marks} bars color="#a142f4" />
    </div>
  );
}
