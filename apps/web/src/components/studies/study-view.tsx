'use client';
import Link from 'next/link';
import { useState } from 'react';
import { formatDate, formatDuration, formatMetric, secondsBetween } from '@/client/format';
import { isStudyActive, useCancelStudy, useStudy } from '@/client/queries/studies';
import { useSession } from '@/client/session';
import type { StudyDetail } from '@/client/types';
import { useStudyEvents } from '@/client/use-study-events';
import { LineSeriesChart } from '../charts/line-series-chart';
import { Card } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { Stat } from '../ui/stat';
import { StatusBadge } from '../ui/status-badge';
import { ParallelCoordinates } from './parallel-coordinates';
import { bestSoFar } from './study-charts';
import { TrialsTable } from './trials-table';

/** A hyperparameter study: its trials as they fill in (live), the best so far, parameters against the metric. */
export function StudyView({ id }: { id: string }) {
  const study = useStudy(id);
  return <QueryState query={study} lines={8}>{(s) => <StudyPage study={s} />}</QueryState>;
}

function StudyPage({ study }: { study: StudyDetail }) {
  const active = isStudyActive(study.status);
  useStudyEvents(study.id, active);
  const { canEdit } = useSession();
  const best = study.trials.find((t) => t.id === study.bestTrialId)
    ?? [...study.trials].filter((t) => t.metricScore !== null).sort((a, b) => (study.goal === 'maximize' ? b.metricScore! - a.metricScore! : a.metricScore! - b.metricScore!))[0];
  const ended = study.trials.filter((t) => t.finishedAt !== null).length;
  const curve = bestSoFar(study.trials, study.goal);
  const details = (study.errorDetails ?? []) as { path?: string; message: string }[];
  return (
    <>
      <PageHeader
        crumbs={[{ href: '/models', label: 'Models' }, { href: `/models/${study.modelId}`, label: study.modelName }, { href: `/models/${study.modelId}/versions/${study.modelVersionId}`, label: `v${study.version}` }]}
        title={<>Hyperparameter study <span className="faint mono">{study.id.slice(0, 8)}</span> <StatusBadge status={study.status} /></>}
        description={<>{study.goal === 'maximize' ? 'Maximizing' : 'Minimizing'} {study.metric} of {study.outputFeature} on the {study.split} split over {study.parameters.join(', ')}. Started {formatDate(study.createdAt)}.</>}
        actions={(
          <>
            {study.resultVersionId ? <Link className="btn btn-primary" href={`/models/${study.modelId}/versions/${study.resultVersionId}`}>Best config as a version</Link> : null}
            {study.statisticsArtifactId && best?.runId ? <a className="btn" href={`/api/runs/${best.runId}/artifacts/${study.statisticsArtifactId}`} download>hyperopt_statistics.json</a> : null}
            {canEdit && active ? <CancelStudy study={study} /> : null}
          </>
        )}
      />
      {study.status === 'failed' ? (
        <div className="alert alert-error" role="alert">
          <strong>The study failed</strong> {study.error}
          {details.length > 1 ? <ul>{details.map((d) => <li key={`${d.path}-${d.message}`}>{d.path}: {d.message}</li>)}</ul> : null}
        </div>
      ) : null}
      <div className="stats section-gap" data-testid="study-stats">
        <Stat label="Trials" value={<>{ended}<span className="faint"> / {study.numSamples}</span></>} />
        <Stat label={`Best ${study.metric}`} value={best ? formatMetric(best.metricScore) : '—'} />
        <Stat label="Best trial" value={best ? best.index : '—'} />
        <Stat label={active ? 'Elapsed' : 'Duration'} value={formatDuration(secondsBetween(study.startedAt ?? study.createdAt, study.finishedAt))} />
        <Stat label="Coordinator" value={<span className="small mono">{study.workerId ?? 'waiting…'}</span>} />
      </div>
      <div className="grid grid-2 section-gap">
        <Card title="Best so far" description={`The best ${study.metric} after each trial that ended.`}>
          {curve.length > 0 ? <LineSeriesChart name="best-so-far" lines={[{ key: 'best', label: `best ${study.metric}`, points: curve }]} xLabel="trials ended" yLabel={study.metric} height={240} /> : <p className="muted">No trial has ended yet.</p>}
        </Card>
        <Card title="Parameters against the metric" description="One line per trial; the darker, the better its score; the best in orange.">
          <ParallelCoordinates trials={study.trials} parameters={study.parameters} metric={study.metric} goal={study.goal} bestTrialId={best?.id ?? null} />
        </Card>
      </div>
      <Card title="Trials" description="Each trial is a run of this version with the sampled parameters: open it for its learning curves." flush>
        {study.trials.length > 0
          ? <TrialsTable trials={study.trials} parameters={study.parameters} metric={study.metric} goal={study.goal} bestTrialId={best?.id ?? null} />
          : <p className="muted" style={{ padding: '1rem', margin: 0 }}>{active ? 'Waiting for the coordinator to propose the first trials…' : 'No trials.'}</p>}
      </Card>
    </>
  );
}

/** Cancelling stops every running trial (their training so far is lost), so it asks first. */
function CancelStudy({ study }: { study: StudyDetail }) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelStudy(study.id);
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={() => setOpen(true)} disabled={cancel.isPending || study.cancelRequested}>{study.cancelRequested ? 'Cancelling…' : 'Cancel study'}</button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Cancel this study?"
        footer={(
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>Keep searching</button>
            <button type="button" className="btn btn-danger-solid" onClick={() => { cancel.mutate(); setOpen(false); }}>Cancel the study</button>
          </>
        )}
      >
        <div className="alert alert-warn">No further trial starts and the running ones are cancelled. Trials that already ended keep their runs.</div>
      </Dialog>
      {cancel.error ? <ErrorMessage error={cancel.error} /> : null}
    </>
  );
}
