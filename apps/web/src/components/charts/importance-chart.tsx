'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from '@/client/format';
import { fitAxis, labelWidth } from './axis';

/** Permutation importance: how much the metric drops when an input is shuffled. */
export function ImportanceChart({ features, metric }: { features: { feature: string; importance: number; std: number }[]; metric: string }) {
  const axis = fitAxis(features.map((f) => f.importance), { includeZero: true });
  return (
    <div className="chart" style={{ height: Math.max(140, features.length * 30 + 40) }} data-chart="feature-importance">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={features} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={axis.domain} ticks={axis.ticks} allowDataOverflow tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatMetric(v)} />
          <YAxis type="category" dataKey="feature" width={labelWidth(features.map((f) => f.feature), 12)} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(v) => [formatMetric(Number(v)), `drop in ${metric}`]} />
          <Bar dataKey="importance" fill="#2f9e44" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
