import { useState } from 'react';

/** One column of a chart's data table: its label with the unit, its values, how to print one. */
export interface ChartDataColumn {
  label: string;
  values: readonly (number | null)[];
  format: (value: number) => string;
}

/** Rows shown at most: a timeline of an hour holds thousands of points (exports hold them all). */
export const CHART_TABLE_ROWS = 500;

/**
 * A chart's numbers as a table behind a disclosure: with the chart's summary, its text
 * alternative (WCAG 1.1.1). The first column heads each row. Rendered only while open.
 */
export function ChartData({ title, columns }: { title: string; columns: ChartDataColumn[] }) {
  const [open, setOpen] = useState(false);
  const count = columns[0]?.values.length ?? 0;
  const from = Math.max(0, count - CHART_TABLE_ROWS);
  const rows: number[] = [];
  if (open) for (let r = from; r < count; r++) rows.push(r);
  const cell = (column: ChartDataColumn, r: number) => {
    const v = column.values[r];
    return v === null || v === undefined || !Number.isFinite(v) ? '–' : column.format(v);
  };
  return (
    <details className="chart-data" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Data table: {title}</summary>
      {open &&
        (count === 0 ? (
          <p className="muted">No data yet.</p>
        ) : (
          <table className="data">
            <caption>
              {title}: {from > 0 ? `the latest ${CHART_TABLE_ROWS.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} points` : `${count.toLocaleString('en-US')} points`}
            </caption>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={c.label} scope="col" className={i ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r}>
                  <th scope="row">{cell(columns[0]!, r)}</th>
                  {columns.slice(1).map((c) => (
                    <td key={c.label} className="num">
                      {cell(c, r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </details>
  );
}
