'use client';
import { formatMetric } from '@/client/format';
import type { StudyTrial } from '@/client/types';
import { axisOf } from './study-charts';

const WIDTH = 520, HEIGHT = 300, TOP = 16, BOTTOM = 36, SIDE = 48;

/**
 * Parameters against the metric: one vertical axis per searched parameter and one for the metric,
 * one line per scored trial, the better its score the darker and thicker (the best in orange).
 */
export function ParallelCoordinates({ trials, parameters, metric, goal, bestTrialId }: { trials: StudyTrial[]; parameters: string[]; metric: string; goal: 'minimize' | 'maximize'; bestTrialId: string | null }) {
  const scored = trials.filter((t) => t.metricScore !== null);
  if (scored.length === 0) return <p className="muted">No trial has a score yet.</p>;
  const axes = [...parameters.map((p) => axisOf(p, scored.map((t) => t.parameters[p]))), axisOf(metric, scored.map((t) => t.metricScore))];
  const x = (i: number) => SIDE + (axes.length === 1 ? 0 : (i * (WIDTH - 2 * SIDE)) / (axes.length - 1));
  const y = (p: number) => TOP + (1 - p) * (HEIGHT - TOP - BOTTOM);
  const scores = scored.map((t) => t.metricScore!);
  const lo = Math.min(...scores), hi = Math.max(...scores);
  const quality = (s: number) => (hi === lo ? 1 : goal === 'maximize' ? (s - lo) / (hi - lo) : (hi - s) / (hi - lo));
  const ordered = [...scored].sort((a, b) => quality(a.metricScore!) - quality(b.metricScore!));
  return (
    <div className="chart" data-chart="parallel-coordinates">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={`Parallel coordinates of ${parameters.join(', ')} against ${metric}`}>
        {ordered.map((t) => {
          const q = quality(t.metricScore!);
          const best = t.id === bestTrialId;
          const points = axes.map((axis, i) => {
            const p = axis.position(i === axes.length - 1 ? t.metricScore : t.parameters[parameters[i]]);
            return p === null ? null : `${x(i)},${y(p)}`;
          }).filter(Boolean).join(' ');
          return (
            <polyline key={t.id} points={points} fill="none" stroke={best ? '#e8590c' : '#3451d1'} strokeOpacity={best ? 1 : 0.2 + 0.7 * q} strokeWidth={best ? 3 : 1 + q} data-trial={t.index}>
              <title>{`trial ${t.index}: ${metric} ${formatMetric(t.metricScore)}`}</title>
            </polyline>
          );
        })}
        {axes.map((axis, i) => (
          <g key={axis.name}>
            <line x1={x(i)} x2={x(i)} y1={y(0)} y2={y(1)} stroke="currentColor" strokeOpacity={0.5} />
            {/* The outer axes' names and the last axis' ticks lean inwards, so none is cut at the edge. */}
            <text x={i === 0 ? 2 : i === axes.length - 1 ? WIDTH - 2 : x(i)} y={HEIGHT - 12} textAnchor={i === 0 ? 'start' : i === axes.length - 1 ? 'end' : 'middle'} fontSize={11} fill="currentColor">{axis.name}</text>
            {axis.ticks.map((tick) => (
              <text key={`${tick.at}-${tick.label}`} x={i === axes.length - 1 ? x(i) - 4 : x(i) + 4} y={y(tick.at) + 4} textAnchor={i === axes.length - 1 ? 'end' : 'start'} fontSize={10} fill="currentColor" fillOpacity={0.7}>{tick.label}</text>
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}
