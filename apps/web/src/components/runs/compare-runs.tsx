'use client';
import Link from 'next/link';
import { useState } from 'react';
import { formatDuration, formatMetric, humanize, lowerIsBetter, secondsBetween } from '@/client/format';
import { useModel } from '@/client/queries/models';
import { useManyRunMetrics, useManyRuns, useRuns } from '@/client/queries/runs';
import { scalarMetrics, type TestStatistics } from '@/client/test-statistics';
import type { MetricSeries, RunDetail, RunListItem } from '@/client/types';
import { LineSeriesChart } from '../charts/line-series-chart';
import { VersionDiff } from '../models/version-diff';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { Skeleton } from '../ui/skeleton';
import { StatusBadge } from '../ui/status-badge';
import { baselineFirst } from '@/client/compare-baseline';

/** 2–5 runs side by side: test metrics, overlaid learning curves, config diffs and their lineage. */
export function CompareRuns({ ids }: { ids: string[] }) {
  const runs = useManyRuns(ids);
  const metrics = useManyRunMetrics(ids);
  const listed = useRuns();
  const header = <PageHeader crumbs={[{ href: '/runs', label: 'Runs' }]} title={`Compare ${ids.length} runs`} description="Test metrics, learning curves and what changed in the config." />;
  if (ids.length < 2 || ids.length > 5) return <>{header}<EmptyState title="Pick 2 to 5 runs" actions={<Link className="btn" href="/runs">Back to runs</Link>}>Tick the runs to compare on the runs page.</EmptyState></>;
  if (runs.some((q) => q.isPending) || listed.isPending) return <>{header}<Skeleton lines={10} /></>;
  const details = runs.map((q) => q.data).filter((r): r is RunDetail => Boolean(r));
  const info = (id: string) => listed.data?.find((r) => r.id === id);
  const label = (r: RunDetail) => { const l = info(r.id); return l ? `${l.modelName} v${l.version} · ${r.id.slice(0, 6)}` : r.id.slice(0, 8); };
  return (
    <>
      {header}
      <Card title="Runs" flush>
        <table className="table" aria-label="Compared runs">
          <thead><tr><th>Run</th><th>Model version</th><th>Lineage</th><th>Status</th><th className="num">Duration</th></tr></thead>
          <tbody>
            {details.map((r) => {
              const l = info(r.id);
              return (
                <tr key={r.id}>
                  <td><Link className="mono" href={`/runs/${r.id}`}>{r.id.slice(0, 8)}</Link></td>
                  <td>{l ? <Link href={`/models/${l.modelId}/versions/${r.modelVersionId}`}>{l.modelName} v{l.version}</Link> : '—'}</td>
                  <td>{l ? <LineageTrail modelId={l.modelId} versionId={r.modelVersionId} /> : null}</td>
                  <td><StatusBadge status={r.status} /></td>
                  <td className="num">{formatDuration(secondsBetween(r.startedAt, r.finishedAt))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      <MetricsTable runs={details} label={label} />
      <OverlaidCurves runs={details} series={metrics.map((q) => q.data ?? [])} label={label} />
      <ConfigDiffs runs={details} info={info} />
    </>
  );
}

function LineageTrail({ modelId, versionId }: { modelId: string; versionId: string }) {
  const model = useModel(modelId);
  const versions = model.data?.versions ?? [];
  const trail: number[] = [];
  let current = versions.find((v) => v.id === versionId);
  while (current && trail.length < 8) {
    trail.push(current.version);
    const parentId: string | null = current.parentVersionId;
    current = versions.find((v) => v.id === parentId);
  }
  return <span className="small muted" aria-label="Lineage">{trail.map((v) => `v${v}`).join(' ← ')}</span>;
}

function MetricsTable({ runs, label }: { runs: RunDetail[]; label: (r: RunDetail) => string }) {
  const stats = runs.map((r) => (r.testStatistics ?? {}) as TestStatistics);
  const rows = [...new Set(stats.flatMap((s) => Object.entries(s).filter(([o]) => o !== 'combined').flatMap(([o, st]) => scalarMetrics(st).map(([m]) => `${o}\u0000${m}`))))];
  if (rows.length === 0) return <Card title="Test metrics"><p className="muted">None of these runs has finished with test metrics yet.</p></Card>;
  return (
    <Card title="Test metrics" description="The best value of each row is in green." flush>
      <div className="table-wrap">
        <table className="table" aria-label="Test metrics">
          <thead><tr><th>Output</th><th>Metric</th>{runs.map((r) => <th key={r.id} className="num">{label(r)}</th>)}</tr></thead>
          <tbody>
            {rows.map((row) => {
              const [output, metric] = row.split('\u0000');
              const values = stats.map((s) => (typeof s[output]?.[metric] === 'number' ? (s[output][metric] as number) : null));
              const present = values.filter((v): v is number => v !== null);
              const best = present.length > 1 ? (lowerIsBetter(metric) ? Math.min(...present) : Math.max(...present)) : null;
              return (
                <tr key={row}>
                  <td>{output}</td><td>{humanize(metric)}</td>
                  {values.map((v, i) => <td key={runs[i].id} className={`num${v !== null && v === best ? ' best' : ''}`}>{formatMetric(v)}</td>)}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function OverlaidCurves({ runs, series, label }: { runs: RunDetail[]; series: MetricSeries[][]; label: (r: RunDetail) => string }) {
  const all = series.flat().filter((s) => s.metric !== 'step_loss');
  const choices = [...new Set(all.map((s) => `${s.output}\u0000${s.metric}`))];
  const splits = [...new Set(all.map((s) => s.split))];
  const [picked, setChoice] = useState<string | null>(null);
  const [pickedSplit, setSplit] = useState<string | null>(null);
  const choice = picked ?? choices.find((c) => c.endsWith('\u0000loss') && !c.startsWith('combined')) ?? choices[0] ?? '';
  const split = pickedSplit ?? (splits.includes('validation') ? 'validation' : splits[0] ?? '');
  const [output, metric] = choice.split('\u0000');
  const lines = runs.map((r, i) => ({
    key: r.id,
    label: label(r),
    points: (series[i].find((s) => s.output === output && s.metric === metric && s.split === split)?.points ?? []).map((p) => ({ x: p.epoch, y: p.value })),
  }));
  return (
    <Card
      title="Learning curves"
      description="One line per run, by epoch."
      actions={(
        <>
          <label className="sr-only" htmlFor="compare-metric">Metric</label>
          <select id="compare-metric" className="input" style={{ width: 'auto' }} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {choices.map((c) => { const [o, m] = c.split('\u0000'); return <option key={c} value={c}>{o}: {humanize(m)}</option>; })}
          </select>
          <label className="sr-only" htmlFor="compare-split">Split</label>
          <select id="compare-split" className="input" style={{ width: 'auto' }} value={split} onChange={(e) => setSplit(e.target.value)}>
            {splits.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </>
      )}
    >
      <LineSeriesChart name="compare-curves" lines={lines} xLabel="epoch" yLabel={humanize(metric ?? '')} height={320} />
    </Card>
  );
}

function ConfigDiffs({ runs: picked, info }: { runs: RunDetail[]; info: (id: string) => RunListItem | undefined }) {
  const runs = baselineFirst(picked, (id) => info(id)?.version);
  const [base, ...others] = runs;
  const baseInfo = info(base.id);
  return (
    <Card title="Config differences" description={`Each run's version against the oldest one's (${baseInfo ? `${baseInfo.modelName} v${baseInfo.version}` : base.id.slice(0, 8)}).`}>
      <div className="stack">
        {others.map((r) => {
          const l = info(r.id);
          return (
            <div key={r.id}>
              <h3 style={{ marginBottom: '0.5rem' }}>{l ? `${l.modelName} v${l.version}` : r.id.slice(0, 8)}</h3>
              {r.modelVersionId === base.modelVersionId ? <p className="muted">Same version as the baseline run (same config; only the training run differs).</p>
                : <VersionDiff modelId={l?.modelId ?? baseInfo?.modelId ?? ''} from={base.modelVersionId} to={r.modelVersionId} showYaml={others.length === 1} />}
            </div>
          );
        })}
      </div>
    </Card>
  );
}
