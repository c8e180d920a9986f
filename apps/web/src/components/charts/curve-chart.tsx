'use client';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric } from '@/client/format';

/** A curve in the unit square (ROC, precision–recall), with the chance diagonal when it means something. */
export function CurveChart({ x, y, xLabel, yLabel, diagonal = false, name }: { x: number[]; y: number[]; xLabel: string; yLabel: string; diagonal?: boolean; name: string }) {
  const data = curvePoints(x, y);
  return (
    <div className="chart" data-chart={name}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tick={{ fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }} />
          <YAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tick={{ fontSize: 11 }} width={60} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11, offset: 4 }} />
          <Tooltip formatter={(v) => formatMetric(Number(v))} labelFormatter={(v) => `${xLabel} ${formatMetric(Number(v))}`} />
          {diagonal ? <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="#8a93a3" strokeDasharray="4 4" /> : null}
          <Line type="linear" dataKey="y" name={yLabel} stroke="#3451d1" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * The points in the order the curve is drawn: along x, and where x repeats, in the order the
 * thresholds produced them (sorting ties by y would draw a precision–recall curve's last drop at
 * recall 1 as a jump back up). Curves given with x falling (precision–recall from high recall to
 * low) are turned round first, so the stable sort keeps their ties' order.
 */
export function curvePoints(x: readonly number[], y: readonly number[]): { x: number; y: number }[] {
  const points = x.map((value, i) => ({ x: value, y: y[i] }));
  if (points.length > 1 && points[0].x > points[points.length - 1].x) points.reverse();
  return points.sort((a, b) => a.x - b.x);
}
