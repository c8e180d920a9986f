'use client';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '@/client/format';
import { fitAxis, labelWidth } from './axis';

/** The most frequent values of a column, as horizontal bars. */
export function TopValuesChart({ values, limit = 10 }: { values: { value: string; count: number }[]; limit?: number }) {
  const data = values.slice(0, limit).map((v) => ({ ...v, value: v.value === '' ? '(empty)' : v.value }));
  const axis = fitAxis(data.map((d) => d.count), { includeZero: true, integer: true });
  return (
    <div className="chart" style={{ height: Math.max(120, data.length * 26 + 30) }} data-chart="top-values">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <XAxis type="number" domain={axis.domain} ticks={axis.ticks} allowDecimals={false} tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatCount(v)} />
          <YAxis type="category" dataKey="value" width={labelWidth(data.map((d) => d.value), 11, { max: 200 })} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => [formatCount(Number(v)), 'rows']} />
          <Bar dataKey="count" fill="#8e5bfa" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
