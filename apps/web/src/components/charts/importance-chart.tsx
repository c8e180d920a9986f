'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from '@/client/format';

/** Permutation importance: how much the metric drops when an input is shuffled. */
export function ImportanceChart({ features, metric }: { features: { feature: string; importance: number; std: number }[]; metric: string }) {
  return (
    <div className="chart" style={{ height: Math.max(140, features.length * 30 + 40) }} data-chart="feature-importance">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={features} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatMetric(v)} />
          <YAxis type="category" dataKey="feature" width={130} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => [formatMetric(Number(v)), `drop in ${metric}`]} />
          <Bar dataKey="importance" fill="#2f9e44" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
