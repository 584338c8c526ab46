import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ChartData } from '../components/ChartData';
import { axisInk, redrawOnThemeChange } from '../components/chart-theme';
import { formatNumber } from './format';

/**
 * A uPlot chart of several series over simulated time (or over categories such as endpoints).
 * components/Chart.tsx draws one series on a wall-clock axis; simulated time starts at 0 s and the
 * simulator's charts need several series (p50/p95/p99, replicas and ready replicas) with units on
 * both axes, hence this sibling built the same way (follows its container's width, redraws on data).
 */
export interface ChartSeries {
  /** Legend label with unit, e.g. "p95 (ms)". */
  label: string;
  values: (number | null)[];
  color: string;
  /** A step line (counts that change at instants, such as replicas). */
  stepped?: boolean;
  /** Dots only (categories). */
  points?: boolean;
  dash?: number[];
}

export interface SeriesChartProps {
  title: string;
  /** Axis titles with units. */
  xLabel: string;
  yLabel: string;
  x: number[];
  series: ChartSeries[];
  /** Names of the x positions 0, 1, 2… (a categorical axis). */
  categories?: string[];
  /** A text alternative of what the chart shows (its accessible description). */
  summary: string;
  /** A log10 y axis (for latencies that span orders of magnitude); values ≤ 0 are left out. */
  logY?: boolean;
  height?: number;
}

const GRID = { stroke: 'rgba(128,128,128,0.15)' };

function seriesOptions(s: ChartSeries): uPlot.Series {
  if (s.points) return { label: s.label, stroke: s.color, fill: s.color, paths: () => null, points: { show: true, size: 9, fill: s.color, stroke: s.color } };
  return {
    label: s.label,
    stroke: s.color,
    width: 1.5,
    dash: s.dash,
    spanGaps: false,
    paths: s.stepped ? uPlot.paths.stepped?.({ align: 1 }) : undefined,
    points: { show: false },
  };
}

export function SeriesChart({ title, xLabel, yLabel, x, series, categories, summary, logY = false, height = 180 }: SeriesChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dataOf = (): uPlot.AlignedData => [x, ...series.map((s) => (logY ? s.values.map((v) => (v !== null && v > 0 ? v : null)) : s.values))];
  // Rebuild when the shape changes (series, categories); otherwise only new data.
  const shape = JSON.stringify([title, xLabel, yLabel, series.map((s) => [s.label, s.color, s.stepped, s.points]), categories, logY]);

  useEffect(() => {
    const el = host.current!;
    const width = () => Math.max(240, el.clientWidth);
    const xAxis: uPlot.Axis = { label: xLabel, stroke: axisInk(el), grid: GRID };
    if (categories) {
      xAxis.splits = () => categories.map((_, i) => i);
      xAxis.values = (_u, splits) => splits.map((i) => categories[i] ?? '');
      xAxis.rotate = categories.some((c) => c.length > 14) ? -20 : 0;
      xAxis.size = categories.some((c) => c.length > 14) ? 70 : 40;
    }
    const u = new uPlot(
      {
        width: width(),
        height,
        scales: {
          x: categories ? { time: false, range: [-0.5, categories.length - 0.5] } : { time: false },
          // Every figure here is ≥ 0: start at 0 so the eye reads levels, not noise.
          y: logY ? { distr: 3 } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        series: [{ label: xLabel }, ...series.map(seriesOptions)],
        axes: [xAxis, { label: yLabel, stroke: axisInk(el), grid: GRID, size: 64 }],
        legend: { show: true },
      },
      dataOf(),
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: width(), height }));
    resize.observe(el);
    const stopFollowingTheme = redrawOnThemeChange(u);
    return () => {
      stopFollowingTheme();
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // `shape` stands for everything the options use; data changes alone go through setData below.
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(dataOf());
    // dataOf reads x, series and logY only.
  }, [x, series, logY]);

  return (
    <div className="chart-block">
      <h3 className="chart-title">{title}</h3>
      <div className="chart sim-chart" ref={host} role="img" aria-label={`${title}: ${summary}`} />
      <ChartData
        title={title}
        columns={[
          { label: xLabel, values: x, format: categories ? (i) => categories[i] ?? String(i) : (v) => formatNumber(v, 1) },
          ...series.map((s) => ({ label: s.label, values: s.values, format: (v: number) => formatNumber(v, 2) })),
        ]}
      />
    </div>
  );
}
