'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useChangeTraffic, useSwitchDeployment, type TrafficChange } from '@/client/queries/deployments';
import { useRuns } from '@/client/queries/runs';
import type { DeploymentDetail, RunListItem } from '@/client/types';
import { keyMetricText } from '../runs/key-metric';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { Skeleton } from '../ui/skeleton';
import { useCanChangeDeployment } from './can-change';

type Split = DeploymentDetail['traffic']['canary'];

/**
 * The deployment's traffic split: which share of requests its canary answers, which share is
 * copied to its shadow (answers logged, never returned), and which share is logged for the drift
 * report. Whoever may change the deployment edits it here (PATCH …/traffic) and can promote the
 * canary to serve every request.
 */
export function TrafficSplit({ deployment }: { deployment: DeploymentDetail }) {
  const { canChange } = useCanChangeDeployment(deployment);
  const current = useRuns({ versionId: deployment.modelVersionId }).data?.find((r) => r.id === deployment.runId);
  const runs = useRuns({ status: 'completed', ...(current ? { modelId: current.modelId } : {}) });
  const [editing, setEditing] = useState(false);
  const { canary, shadow, logPercent } = deployment.traffic;
  const runsById = new Map((runs.data ?? []).map((r) => [r.id, r]));
  return (
    <div data-testid="traffic-split">
      <TrafficBar canary={canary} />
      <dl className="serving-now section-gap" aria-label="Traffic">
        <div><dt>Primary</dt><dd>{100 - (canary?.percent ?? 0)}% · {runLabel(runsById.get(deployment.runId), deployment.runId)}</dd></div>
        <div><dt>Canary</dt><dd>{canary ? <>{canary.percent}% · {runLabel(runsById.get(canary.runId), canary.runId)}</> : <span className="muted">none</span>}</dd></div>
        <div><dt>Shadow</dt><dd>{shadow ? <>{shadow.percent}% copied · {runLabel(runsById.get(shadow.runId), shadow.runId)}</> : <span className="muted">none</span>}</dd></div>
        <div><dt>Logged</dt><dd>{logPercent > 0 ? `${logPercent}% of requests` : <span className="muted">off</span>}</dd></div>
      </dl>
      <p className="muted small">Each answer names its version in the <code>X-Overture-Version</code> header and says <code>primary</code> or <code>canary</code> in <code>X-Overture-Route</code>. Shadow answers are never returned; they are compared with the answers that were.</p>
      {canChange && !editing ? (
        <div className="row">
          <button type="button" className="btn" onClick={() => setEditing(true)}>Change split</button>
          {canary ? <PromoteCanary deployment={deployment} canary={canary} label={runLabel(runsById.get(canary.runId), canary.runId)} /> : null}
        </div>
      ) : null}
      {editing ? (
        runs.isPending || !current ? <Skeleton lines={3} /> : (
          <TrafficForm deployment={deployment} runs={(runs.data ?? []).filter((r) => r.id !== deployment.runId)} onDone={() => setEditing(false)} />
        )
      ) : null}
    </div>
  );
}

function TrafficBar({ canary }: { canary: Split }) {
  const share = canary?.percent ?? 0;
  return (
    <div className="traffic-bar" role="img" aria-label={`primary ${100 - share}%, canary ${share}%`}>
      <span style={{ flexBasis: `${100 - share}%` }}>{share < 100 ? `primary ${100 - share}%` : ''}</span>
      {share > 0 ? <span className="canary" style={{ flexBasis: `${share}%` }}>{share >= 8 ? `canary ${share}%` : ''}</span> : null}
    </div>
  );
}

function runLabel(run: RunListItem | undefined, id: string) {
  return <Link className="mono" href={`/runs/${id}`}>{run ? `v${run.version} · ${id.slice(0, 8)} · ${keyMetricText(run.keyMetric)}` : id.slice(0, 8)}</Link>;
}

function PromoteCanary({ deployment, canary, label }: { deployment: DeploymentDetail; canary: NonNullable<Split>; label: React.ReactNode }) {
  const promote = useSwitchDeployment(deployment.name);
  return (
    <>
      <button type="button" className="btn" disabled={promote.isPending} onClick={() => promote.mutate({ runId: canary.runId })}>
        {promote.isPending ? 'Promoting…' : 'Promote canary to primary'}
      </button>
      {promote.isPending ? <span className="muted small" role="status">Loading {label} for every request…</span> : null}
      <ErrorMessage error={promote.error} title="The canary was not promoted" />
    </>
  );
}

interface PartState {
  runId: string;
  percent: string;
}

function TrafficForm({ deployment, runs, onDone }: { deployment: DeploymentDetail; runs: RunListItem[]; onDone: () => void }) {
  const { canary, shadow, logPercent } = deployment.traffic;
  const [canaryPart, setCanary] = useState<PartState>({ runId: canary?.runId ?? '', percent: String(canary?.percent ?? 10) });
  const [shadowPart, setShadow] = useState<PartState>({ runId: shadow?.runId ?? '', percent: String(shadow?.percent ?? 100) });
  const [logged, setLogged] = useState(String(logPercent));
  const change = useChangeTraffic(deployment.name);
  const problems: string[] = [];
  const part = (state: PartState, role: string, allowed: (n: number) => boolean) => {
    if (!state.runId) return null;
    const percent = Number(state.percent);
    if (!allowed(percent)) problems.push(`${role}: a whole percent from 1 to 100`);
    return { runId: state.runId, percent };
  };
  const whole = (n: number) => Number.isInteger(n) && n >= 1 && n <= 100;
  const body: TrafficChange = { canary: part(canaryPart, 'canary', whole), shadow: part(shadowPart, 'shadow', whole), logPercent: Number(logged) };
  if (!(Number(logged) >= 0 && Number(logged) <= 100) || logged.trim() === '') problems.push('logged: a percent from 0 to 100');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length === 0) change.mutate(body, { onSuccess: onDone });
  };
  const runOptions = (
    <>
      <option value="">none</option>
      {runs.map((r) => <option key={r.id} value={r.id}>v{r.version} · run {r.id.slice(0, 8)} · {keyMetricText(r.keyMetric)}</option>)}
    </>
  );
  return (
    <form className="section-gap" aria-label="Traffic split" onSubmit={submit}>
      <fieldset className="picker" disabled={change.isPending}>
        <legend>Split this deployment's traffic</legend>
        {runs.length === 0 ? <p className="muted small">No other completed run of this model: train another version to split traffic with it.</p> : null}
        <div className="form-row">
          <Field id="canary-run" label="Canary run (answers a share)"><select id="canary-run" className="input" value={canaryPart.runId} onChange={(e) => setCanary({ ...canaryPart, runId: e.target.value })}>{runOptions}</select></Field>
          <Field id="canary-percent" label="Canary share, %"><input id="canary-percent" className="input" inputMode="numeric" value={canaryPart.percent} disabled={!canaryPart.runId} onChange={(e) => setCanary({ ...canaryPart, percent: e.target.value })} /></Field>
        </div>
        <div className="form-row">
          <Field id="shadow-run" label="Shadow run (gets a copy; never answers)"><select id="shadow-run" className="input" value={shadowPart.runId} onChange={(e) => setShadow({ ...shadowPart, runId: e.target.value })}>{runOptions}</select></Field>
          <Field id="shadow-percent" label="Shadow share, %"><input id="shadow-percent" className="input" inputMode="numeric" value={shadowPart.percent} disabled={!shadowPart.runId} onChange={(e) => setShadow({ ...shadowPart, percent: e.target.value })} /></Field>
        </div>
        <Field id="log-percent" label="Requests logged for the drift report, % (0: off)"><input id="log-percent" className="input" inputMode="decimal" value={logged} onChange={(e) => setLogged(e.target.value)} /></Field>
      </fieldset>
      {problems.length > 0 ? <p className="small" role="alert" style={{ color: 'var(--danger)' }}>{problems.join('; ')}.</p> : null}
      <ErrorMessage error={change.error} title="The split was not changed" />
      <div className="row section-gap">
        <button type="submit" className="btn btn-primary" disabled={change.isPending || problems.length > 0}>{change.isPending ? 'Loading the split’s versions…' : 'Save split'}</button>
        <button type="button" className="btn" onClick={onDone} disabled={change.isPending}>Cancel</button>
      </div>
    </form>
  );
}
