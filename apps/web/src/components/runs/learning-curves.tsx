'use client';
import { useState } from 'react';
import { formatMetric, humanize } from '@/client/format';
import type { MetricSeries } from '@/client/types';
import { LineSeriesChart, type ChartLine } from '../charts/line-series-chart';
import { splitColor } from '../charts/palette';
import { EmptyState } from '../ui/empty-state';

const splitOrder = ['training', 'validation', 'test'];

/** One chart per output (and the combined loss): a line per split, the metric picked per chart. */
export function LearningCurves({ series, live = false, imported = false }: { series: MetricSeries[]; live?: boolean; imported?: boolean }) {
  const outputs = [...new Set(series.filter((s) => s.output !== 'combined').map((s) => s.output))];
  if (series.length === 0 && imported) {
    return (
      <EmptyState icon="↗" title="No learning curves for this model">
        It was trained outside the platform and its bundle has no training statistics, so there is nothing to chart. Its test results and predictions work as for any other run.
      </EmptyState>
    );
  }
  if (series.length === 0) {
    return <EmptyState icon="↗" title={live ? 'Waiting for the first numbers…' : 'No metrics were recorded'}>{live ? 'Curves appear after the first training steps.' : null}</EmptyState>;
  }
  return (
    <div className="grid grid-2">
      {series.some((s) => s.output === 'combined') ? <OutputCurves output="combined" title="Overall loss" series={series} /> : null}
      {outputs.map((o) => <OutputCurves key={o} output={o} title={o} series={series} />)}
    </div>
  );
}

function OutputCurves({ output, title, series }: { output: string; title: string; series: MetricSeries[] }) {
  const mine = series.filter((s) => s.output === output);
  const metrics = [...new Set(mine.map((s) => s.metric).filter((m) => m !== 'step_loss'))];
  const [picked, setMetric] = useState<string | null>(null);
  // Live runs gain metrics as they go: until someone picks one, show loss (or the first there is).
  const metric = picked ?? (metrics.includes('loss') ? 'loss' : metrics[0]);
  const lines: ChartLine[] = mine
    .filter((s) => s.metric === metric)
    .sort((a, b) => splitOrder.indexOf(a.split) - splitOrder.indexOf(b.split))
    .map((s) => ({ key: s.split, label: s.split, color: splitColor[s.split], points: s.points.map((p) => ({ x: p.step, y: p.value })) }));
  const perStep = mine.find((s) => s.metric === 'step_loss');
  if (metric === 'loss' && perStep) lines.unshift({ key: 'step', label: 'training (each step)', color: '#8a93a3', dense: true, points: perStep.points.map((p) => ({ x: p.step, y: p.value })) });
  const id = `metric-${output}`;
  // One evaluation is a dot, not a curve: tiny data gives a step or two an epoch and few evaluations.
  const curve = lines.some((l) => !l.dense && l.points.length >= 2) || (perStep?.points.length ?? 0) >= 2;
  return (
    <section className="card" aria-label={`Learning curve of ${title}`} data-output={output}>
      <div className="card-header">
        <h3>{title}</h3>
        <label className="row small" htmlFor={id}>
          <span className="sr-only">Metric</span>
          <select id={id} className="input" style={{ width: 'auto', padding: '0.2rem 0.4rem' }} value={metric} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => <option key={m} value={m}>{humanize(m)}</option>)}
          </select>
        </label>
      </div>
      <div className="card-body">
        {curve ? <LineSeriesChart name={`learning-curve-${output}`} lines={lines} xLabel="step" yLabel={humanize(metric ?? '')} /> : (
          <div data-testid="not-enough-data">
            <p className="muted">Not enough data to draw a curve: the run was evaluated {lines.some((l) => l.points.length > 0) ? 'once' : 'never'}. With very few rows an epoch is a single step; add rows to see how {humanize(metric ?? 'the metric').toLowerCase()} moves as it trains.</p>
            {lines.filter((l) => !l.dense && l.points.length > 0).map((l) => <div key={l.key} className="small">{l.label}: <strong>{formatMetric(l.points[l.points.length - 1].y)}</strong></div>)}
          </div>
        )}
      </div>
    </section>
  );
}
