'use client';
import Link from 'next/link';
import { useState } from 'react';
import { formatDate, formatMetric, formatRelative, humanize } from '@/client/format';
import { useSwitchDeployment } from '@/client/queries/deployments';
import { useRuns } from '@/client/queries/runs';
import type { DeploymentDetail, RunListItem } from '@/client/types';
import { keyMetricText } from '../runs/key-metric';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { Skeleton } from '../ui/skeleton';
import { useCanChangeDeployment } from './can-change';

const metricText = (r: RunListItem) => keyMetricText(r.keyMetric);

/**
 * What the deployment serves now, and (for members) a hot swap to another completed run: runs of
 * the same model first, any model on request; a confirmation; then PUT /api/deployments/<name>.
 * The current version stays on the page until the new one answers.
 */
export function SwitchVersion({ deployment }: { deployment: DeploymentDetail }) {
  const { canChange: canSwitch, isOtherMember } = useCanChangeDeployment(deployment);
  const current = useRuns({ versionId: deployment.modelVersionId }).data?.find((r) => r.id === deployment.runId);
  const [open, setOpen] = useState(false);
  const [switched, setSwitched] = useState<{ from: RunListItem | undefined; to: RunListItem } | null>(null);
  return (
    <div data-testid="serving-version">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 260 }}>
          {current ? <CurrentVersion run={current} /> : <Skeleton lines={1} />}
        </div>
        {canSwitch && !open ? <button type="button" className="btn" onClick={() => { setOpen(true); setSwitched(null); }}>Switch version</button> : null}
      </div>
      {isOtherMember ? <p className="muted small section-gap" style={{ marginBottom: 0 }}>Only whoever created this deployment, or an admin, can switch its version.</p> : null}
      {switched ? (
        <div className="alert alert-ok section-gap" role="status" style={{ marginBottom: 0 }}>
          Now serving {switched.to.modelName} v{switched.to.version} (run {switched.to.id.slice(0, 8)}). Requests already in flight were answered by {switched.from ? `v${switched.from.version}` : 'the previous version'}; none was dropped.
        </div>
      ) : null}
      {open && current ? (
        <RunPicker
          deployment={deployment}
          current={current}
          onCancel={() => setOpen(false)}
          onSwitched={(to) => { setOpen(false); setSwitched({ from: current, to }); }}
        />
      ) : null}
    </div>
  );
}

function CurrentVersion({ run }: { run: RunListItem }) {
  return (
    <dl className="serving-now" aria-label="Serving now">
      <div><dt>Model</dt><dd><Link href={`/models/${run.modelId}`}>{run.modelName}</Link> <strong>v{run.version}</strong>{run.imported ? <> <span className="badge badge-info plain">imported</span></> : null}</dd></div>
      <div><dt>Run</dt><dd><Link className="mono" href={`/runs/${run.id}`}>{run.id.slice(0, 8)}</Link></dd></div>
      <div><dt>Key metric</dt><dd>{metricText(run)}</dd></div>
      <div><dt>Trained</dt><dd>{formatDate(run.finishedAt)}</dd></div>
    </dl>
  );
}

function RunPicker({ deployment, current, onCancel, onSwitched }: { deployment: DeploymentDetail; current: RunListItem; onCancel: () => void; onSwitched: (to: RunListItem) => void }) {
  const [everyModel, setEveryModel] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const sameModel = useRuns({ status: 'completed', modelId: current.modelId });
  const all = useRuns({ status: 'completed' });
  const runs = everyModel ? all : sameModel;
  const choice = [...(sameModel.data ?? []), ...(all.data ?? [])].find((r) => r.id === picked);
  const swap = useSwitchDeployment(deployment.name);
  const others = (runs.data ?? []).filter((r) => r.id !== current.id);

  const confirm = () => {
    if (!choice) return;
    swap.mutate({ runId: choice.id }, {
      onSuccess: () => onSwitched(choice),
      onSettled: () => setConfirming(false),
    });
  };

  return (
    <form className="section-gap" aria-label="Switch version" onSubmit={(e) => { e.preventDefault(); if (choice) setConfirming(true); }}>
      <fieldset className="picker" disabled={swap.isPending}>
        <legend>Serve another completed run</legend>
        <label className="checkbox small">
          <input type="checkbox" checked={everyModel} onChange={(e) => setEveryModel(e.target.checked)} /> Show runs of every model, not only {current.modelName}
        </label>
        {runs.isPending ? <Skeleton lines={3} /> : others.length === 0 ? (
          <p className="muted">{everyModel ? 'No other completed run to switch to.' : <>No other completed run of {current.modelName}. Train another version, or show runs of every model.</>}</p>
        ) : (
          <div className="table-wrap">
            <table className="table compact" aria-label="Completed runs">
              <thead><tr><th style={{ width: 36 }}><span className="sr-only">Pick</span></th>{everyModel ? <th>Model</th> : null}<th>Version</th><th>Run</th><th>Key metric</th><th>Trained</th></tr></thead>
              <tbody>
                {others.map((r) => (
                  <tr key={r.id} className={picked === r.id ? 'selected' : undefined} onClick={() => setPicked(r.id)}>
                    <td><input type="radio" name="switch-run" value={r.id} checked={picked === r.id} onChange={() => setPicked(r.id)} aria-label={`${r.modelName} v${r.version}, run ${r.id.slice(0, 8)}`} /></td>
                    {everyModel ? <td>{r.modelName}</td> : null}
                    <td>v{r.version}{r.imported ? <> <span className="badge badge-info plain">imported</span></> : null}</td>
                    <td className="mono">{r.id.slice(0, 8)}</td>
                    <td>{metricText(r)}</td>
                    <td className="muted nowrap" title={formatDate(r.finishedAt)}>{formatRelative(r.finishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </fieldset>
      <ErrorMessage error={swap.error} title="The deployment was not switched; it still serves the version above" />
      <div className="row section-gap">
        <button type="submit" className="btn btn-primary" disabled={!choice || swap.isPending}>{swap.isPending ? `Switching to v${choice?.version}…` : choice ? `Switch to v${choice.version}` : 'Switch'}</button>
        <button type="button" className="btn" onClick={onCancel} disabled={swap.isPending}>Cancel</button>
        {swap.isPending ? <span className="muted small" role="status">Loading the new version; v{current.version} answers until it is ready.</span> : null}
      </div>
      <Dialog open={confirming} onClose={() => { if (!swap.isPending) setConfirming(false); }} title={`Switch ${deployment.name}?`} footer={(
        <>
          <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={swap.isPending}>Cancel</button>
          <button type="button" className="btn btn-primary" onClick={confirm} disabled={swap.isPending} data-autofocus>{swap.isPending ? 'Switching…' : `Switch to v${choice?.version ?? ''}`}</button>
        </>
      )}>
        {choice ? (
          <p>
            <code>{deployment.predictUrl}</code> will answer with <strong>{choice.modelName} v{choice.version}</strong> (run {choice.id.slice(0, 8)}, {metricText(choice)}) instead of
            {' '}{current.modelName} v{current.version} (run {current.id.slice(0, 8)}, {metricText(current)}). Requests in flight finish on the current version; none is dropped.
            {choice.modelId !== current.modelId ? <strong className="section-gap" style={{ display: 'block' }}>This run belongs to another model: callers must send the inputs it expects.</strong> : null}
          </p>
        ) : null}
      </Dialog>
    </form>
  );
}
