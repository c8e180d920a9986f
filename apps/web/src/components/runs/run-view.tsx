'use client';
import Link from 'next/link';
import { isActive, useFeatureImportance, useRun, useRunMetrics, useRuns } from '@/client/queries/runs';
import { outputForecasts } from '@/client/forecast-samples';
import { outputFeatures, type TestStatistics } from '@/client/test-statistics';
import type { RunDetail } from '@/client/types';
import { useRunEvents } from '@/client/use-run-events';
import { ImportanceChart } from '../charts/importance-chart';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';
import { ImportedSummary } from './imported-summary';
import { LearningCurves } from './learning-curves';
import { OutputResults } from './results/output-results';
import { RunActions } from './run-actions';
import { RunLogs } from './run-logs';
import { RunProgress } from './run-progress';
import { TryPrediction } from './try-prediction';

/** A run: live while it trains (events), its results once it has finished. */
export function RunView({ id }: { id: string }) {
  const run = useRun(id);
  return <QueryState query={run} lines={8}>{(r) => <RunPage run={r} />}</QueryState>;
}

function RunPage({ run }: { run: RunDetail }) {
  const active = isActive(run.status);
  useRunEvents(run.id, active);
  const metrics = useRunMetrics(run.id);
  const listed = useRuns({ versionId: run.modelVersionId }).data?.find((r) => r.id === run.id);
  const completed = run.status === 'completed';
  const importance = useFeatureImportance(run.id, completed);
  const stats = (run.testStatistics ?? null) as TestStatistics | null;
  return (
    <>
      <PageHeader
        crumbs={[{ href: '/runs', label: 'Runs' }, ...(listed ? [{ href: `/models/${listed.modelId}`, label: `${listed.modelName} v${listed.version}` }] : [])]}
        title={<span className="row">Run <span className="mono">{run.id.slice(0, 8)}</span> <StatusBadge status={run.status} />{run.imported ? <span className="badge badge-info plain">imported</span> : null}</span>}
        description={!listed ? null : run.imported ? (
          <>The imported model bundle of <Link href={`/models/${listed.modelId}/versions/${run.modelVersionId}`}>{listed.modelName} version {listed.version}</Link>, trained with the CLI.</>
        ) : (
          <>Trains <Link href={`/models/${listed.modelId}/versions/${run.modelVersionId}`}>{listed.modelName} version {listed.version}</Link> on {run.datasetId ? <Link href={`/datasets/${run.datasetId}`}>its dataset</Link> : 'a dataset that was deleted'}{run.modelLoadRunId ? <>, starting from the weights of <Link href={`/runs/${run.modelLoadRunId}`}>run {run.modelLoadRunId.slice(0, 8)}</Link></> : null}{run.resumeRunId ? <>, continuing the training of <Link href={`/runs/${run.resumeRunId}`}>run {run.resumeRunId.slice(0, 8)}</Link></> : null}{run.attempt > 1 ? ` (attempt ${run.attempt})` : ''}.</>
        )}
        actions={<RunActions run={run} />}
      />
      {run.status === 'failed' ? <div className="alert alert-error" role="alert"><strong>Training failed</strong>{run.error}</div> : null}
      {run.status === 'cancelled' ? <div className="alert alert-warn">This run was cancelled{run.error ? `: ${run.error}` : '.'}</div> : null}
      {run.imported ? <Card title="Imported model"><ImportedSummary run={run} /></Card> : <Card title={active ? 'Training' : 'Training summary'}><RunProgress run={run} /></Card>}
      <h2 style={{ margin: '1.25rem 0 0.75rem' }}>Learning curves</h2>
      {run.imported && (metrics.data?.length ?? 0) > 0 ? <p className="muted small" style={{ marginTop: '-0.4rem' }}>From the bundle&apos;s training statistics: one point per evaluation.</p> : null}
      <QueryState query={metrics} lines={6}>{(series) => <LearningCurves series={series} live={active} imported={run.imported} />}</QueryState>
      {completed && stats ? (
        <>
          <h2 style={{ margin: '1.25rem 0 0.75rem' }}>Results on the test set</h2>
          {outputFeatures(run.config).filter((o) => stats[o.name]).map((o) => (
            <OutputResults key={o.name} output={o.name} type={o.type} stats={stats[o.name]} importance={importance.data ?? null} forecasts={o.type === 'timeseries' ? outputForecasts(run.forecastSamples, o.name) : null} />
          ))}
          {importance.data ? (
            <Card title="Feature importance" description={`How much ${importance.data.metric} of ${importance.data.output} drops when each input is shuffled (${importance.data.repeats} repeats).`}>
              {importance.data.features.some((f) => f.importance !== 0) ? <ImportanceChart features={importance.data.features} metric={importance.data.metric} /> : (
                <p className="muted" data-testid="not-enough-data">Not enough data: shuffling any one input left the test {importance.data.metric} exactly as it was, which happens when the test split has only a handful of rows. Train on more rows to see which inputs matter.</p>
              )}
            </Card>
          ) : null}
        </>
      ) : null}
      {completed && run.imported && !stats ? (
        <>
          <h2 style={{ margin: '1.25rem 0 0.75rem' }}>Results on the test set</h2>
          <EmptyState icon="◇" title="No test results in the bundle">Its archive had no <code>test_statistics.json</code>. Archive it beside the model folder after <code>overture experiment</code> to see the results here.</EmptyState>
        </>
      ) : null}
      {completed && listed ? <TryPrediction runId={run.id} modelName={listed.modelName} /> : null}
      {run.imported ? null : <Card title="Log"><RunLogs runId={run.id} /></Card>}
    </>
  );
}
