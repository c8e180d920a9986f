'use client';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from '@/client/format';
import { fitAxis, labelWidth, ticksWithin } from './axis';
import { palette } from './palette';

export interface ChartLine {
  key: string;
  label: string;
  points: { x: number; y: number }[];
  color?: string;
  dashed?: boolean;
  /** Draw no dots (dense series such as per-step loss). */
  dense?: boolean;
}

/**
 * Several series over a shared numeric x axis (steps, epochs, thresholds): learning curves and their
 * overlays on the compare page. Dots mark each point while a series is short enough to read them.
 */
export function LineSeriesChart({ lines, xLabel, yLabel, height = 260, name }: { lines: ChartLine[]; xLabel: string; yLabel?: string; height?: number; name: string }) {
  const byX = new Map<number, Record<string, number>>();
  for (const line of lines) {
    for (const p of line.points) {
      const row = byX.get(p.x) ?? { x: p.x };
      row[line.key] = p.y;
      byX.set(p.x, row);
    }
  }
  const data = [...byX.values()].sort((a, b) => a.x - b.x);
  const xs = data.map((row) => row.x);
  const xTicks = ticksWithin(Math.min(...xs), Math.max(...xs), { integer: xs.every(Number.isInteger), count: 6 });
  const yAxis = fitAxis(lines.flatMap((line) => line.points.map((p) => p.y)));
  const yWidth = labelWidth(yAxis.ticks.map((t) => formatMetric(t)), 11, { min: 36, max: 80 });
  return (
    <div className="chart" style={{ height }} data-chart={name}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} ticks={xTicks} tick={{ fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }} allowDecimals={false} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatMetric(v)} width={yWidth + (yLabel ? 14 : 0)} domain={yAxis.domain} ticks={yAxis.ticks} label={yLabel ? { value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11, offset: 10 } : undefined} />
          <Tooltip formatter={(v) => formatMetric(Number(v))} labelFormatter={(x) => `${xLabel} ${x}`} />
          <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
          {lines.map((line, i) => (
            <Line
              key={line.key}
              type="linear"
              dataKey={line.key}
              name={line.label}
              stroke={line.color ?? palette[i % palette.length]}
              strokeWidth={line.dense ? 1 : 2}
              strokeOpacity={line.dense ? 0.45 : 1}
              strokeDasharray={line.dashed ? '5 4' : undefined}
              dot={!line.dense && line.points.length <= 60 ? { r: 2.5 } : false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
