'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatMetric } from '@/client/format';

/** A numeric column's distribution: one bar per histogram bin. */
export function HistogramChart({ bins, compact = false }: { bins: { start: number; end: number; count: number }[]; compact?: boolean }) {
  const data = bins.map((b) => ({ label: `${formatMetric(b.start)}–${formatMetric(b.end)}`, start: b.start, count: b.count }));
  return (
    <div className={compact ? 'chart short' : 'chart'} data-chart="histogram">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: compact ? -12 : 0 }} barCategoryGap={1}>
          {compact ? null : <CartesianGrid strokeDasharray="3 3" vertical={false} />}
          <XAxis dataKey="start" tickFormatter={(v: number) => formatMetric(v)} tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={compact ? 36 : 48} />
          <Tooltip formatter={(v) => [formatCount(Number(v)), 'rows']} labelFormatter={(_, payload) => String(payload?.[0]?.payload?.label ?? '')} />
          <Bar dataKey="count" fill="#5b7cfa" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
