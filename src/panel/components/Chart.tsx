import { useEffect, useId, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { downsampleMax, downsampleMinMax } from '../../core/metrics/downsample';
import { sortedFinite } from '../../core/stats/index';
import { ChartData } from './ChartData';
import { axisInk, redrawOnThemeChange } from './chart-theme';

const clock = (epochSeconds: number) => new Date(epochSeconds * 1000).toLocaleTimeString('en-GB');
const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The chart's text alternative: how many points over which span, the latest, lowest and highest value. */
export function describeTimeSeries(label: string, [x, y]: [number[], (number | null)[]]): string {
  const finite = sortedFinite(y.filter((v): v is number => v !== null));
  if (!finite.length) return `${label}: no data yet.`;
  let latest: number | null = null;
  for (let i = y.length - 1; i >= 0 && latest === null; i--) if (y[i] !== null && Number.isFinite(y[i])) latest = y[i]!;
  return `${label}: ${finite.length.toLocaleString('en-US')} points from ${clock(x[0]!)} to ${clock(x[x.length - 1]!)}; latest ${number(latest!)}, lowest ${number(finite[0]!)}, highest ${number(finite[finite.length - 1]!)}.`;
}

export interface ChartProps {
  title: string;
  /** Series label with unit, e.g. "Heap (MiB)". */
  label: string;
  /** [x in epoch seconds, y] */
  data: [number[], (number | null)[]];
  /** Epoch seconds at which a view starts, drawn as vertical lines. */
  marks: number[];
  bars?: boolean;
  color: string;
}

function viewMarks(getMarks: () => number[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = 'rgba(128,128,128,0.7)';
        ctx.setLineDash([4, 4]);
        ctx.lineWidth = 1;
        for (const x of getMarks()) {
          const px = Math.round(u.valToPos(x, 'x', true));
          if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(px, u.bbox.top);
          ctx.lineTo(px, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/** What a chart of this width draws of a series: at most a few points per pixel column. */
function forWidth(data: ChartProps['data'], width: number, bars: boolean | undefined): ChartProps['data'] {
  return bars ? downsampleMax(data, width) : downsampleMinMax(data, width);
}

/**
 * A uPlot time-series chart that follows its container's width and redraws on new data,
 * downsampled per pixel column so that a million points draw as fast as a few thousand.
 */
export function Chart({ title, label, data, marks, bars, color }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const marksRef = useRef(marks);
  marksRef.current = marks;
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = host.current!;
    const width = (): number => Math.max(200, el.clientWidth);
    const u = new uPlot(
      {
        width: width(),
        height: 160,
        scales: { x: { time: true } },
        series: [
          {},
          {
            label,
            stroke: color,
            fill: bars ? color : undefined,
            width: bars ? 0 : 1.5,
            points: { show: bars ? false : data[0].length < 60 },
            paths: bars ? uPlot.paths.bars?.({ size: [0.9, 8] }) : undefined,
          },
        ],
        axes: [{ stroke: axisInk(el), grid: { stroke: 'rgba(128,128,128,0.15)' } }, { stroke: axisInk(el), grid: { stroke: 'rgba(128,128,128,0.15)' }, size: 60 }],
        plugins: [viewMarks(() => marksRef.current)],
      },
      forWidth(dataRef.current, width(), bars) as uPlot.AlignedData,
      el,
    );
    plot.current = u;
    let drawnWidth = width();
    const resize = new ResizeObserver(() => {
      const next = width();
      if (next === drawnWidth) return;
      drawnWidth = next;
      // One redraw for both: the new size and the data downsampled to it.
      u.batch(() => {
        u.setSize({ width: next, height: 160 });
        u.setData(forWidth(dataRef.current, next, bars) as uPlot.AlignedData);
      });
    });
    resize.observe(el);
    const stopFollowingTheme = redrawOnThemeChange(u);
    return () => {
      stopFollowingTheme();
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [title, label, color, bars]);

  useEffect(() => {
    const u = plot.current;
    if (u) u.setData(forWidth(data, Math.max(200, host.current!.clientWidth), bars) as uPlot.AlignedData);
  }, [data, bars]);

  const summaryId = useId();
  const summary = useMemo(() => describeTimeSeries(label, data), [label, data]);
  return (
    <div className="chart-block">
      {/* The title is a heading of the view (WCAG 2.4.10), not uPlot's own title div. */}
      <h2 className="chart-title">{title}</h2>
      <div className="chart" ref={host} role="img" aria-label={`${title} chart`} aria-describedby={summaryId} />
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      <ChartData
        title={title}
        columns={[
          { label: 'Time', values: data[0], format: clock },
          { label, values: data[1], format: number },
        ]}
      />
    </div>
  );
}
