'use client';
import { useEffect, useState } from 'react';
import { formatDuration, secondsBetween } from '@/client/format';
import type { RunDetail } from '@/client/types';
import { ProgressBar } from '../ui/progress-bar';
import { Stat } from '../ui/stat';

/** Where a run is: epoch, step of total, progress, time so far and the ETA; ticks every second. */
export function RunProgress({ run }: { run: RunDetail }) {
  const [, tick] = useState(0);
  const active = run.status === 'running' || run.status === 'queued';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return (
    <div data-testid="run-progress">
      <div className="stats" style={{ marginBottom: '0.9rem' }}>
        <Stat label="Epoch" value={run.epoch} />
        <Stat label="Step" value={<>{run.step}{run.totalSteps ? <span className="faint"> / {run.totalSteps}</span> : null}</>} />
        <Stat label={active ? 'Elapsed' : 'Duration'} value={formatDuration(secondsBetween(run.startedAt, run.finishedAt))} />
        <Stat label="Time left" value={run.status === 'running' ? formatDuration(run.etaSeconds) : '—'} />
        <Stat label="Worker" value={<span className="small mono">{run.workerId ?? (run.status === 'queued' ? 'waiting…' : '—')}</span>} />
      </div>
      <ProgressBar fraction={run.progressPct / 100} label="Training progress" />
      {run.status === 'queued' ? <p className="muted small section-gap">Waiting for a free worker. See the <a href="/workers">workers page</a> for the queue.</p> : null}
      {run.cancelRequested && active ? <p className="muted small section-gap">Cancelling at the next step…</p> : null}
    </div>
  );
}
