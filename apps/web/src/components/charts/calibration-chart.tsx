'use client';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from '@/client/format';

export interface CalibrationBin { lower: number; upper: number; count: number; mean_predicted: number | null; fraction_positive: number | null }

/**
 * Reliability diagram: per confidence bin, how often the model was right (bars) against how sure
 * it was (the line, ideal = the bin's centre). Bars below the line mean overconfidence.
 */
export function CalibrationChart({ bins }: { bins: CalibrationBin[] }) {
  const data = bins.map((b) => ({ bin: `${formatMetric(b.lower)}–${formatMetric(b.upper)}`, observed: b.fraction_positive, ideal: (b.lower + b.upper) / 2, count: b.count }));
  return (
    <div className="chart" data-chart="calibration">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bin" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={44} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={44} />
          <Tooltip formatter={(v, key) => [v === null ? 'no rows' : formatMetric(Number(v)), key === 'observed' ? 'fraction correct' : 'perfect calibration']} />
          <Bar dataKey="observed" fill="#5b7cfa" isAnimationActive={false} />
          <Line dataKey="ideal" stroke="#e8590c" strokeDasharray="4 4" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
