'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { queryKeys } from '@/client/queries/keys';
import { isActive, useCancelRun, useStartRun } from '@/client/queries/runs';
import { useDatasets } from '@/client/queries/datasets';
import { useSession } from '@/client/session';
import { formatBytes } from '@/client/format';
import type { RunDeleteSummary, RunDetail } from '@/client/types';
import { ConfirmDelete } from '../ui/confirm-delete';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

/** Cancel, rerun, download the bundle, delete. */
export function RunActions({ run }: { run: RunDetail }) {
  const router = useRouter();
  const { canEdit } = useSession();
  const cancel = useCancelRun(run.id);
  const rerun = useStartRun();
  const active = isActive(run.status);
  return (
    <>
      {run.status === 'completed' ? <a className="btn" href={`/api/runs/${run.id}/bundle`} download>Download model</a> : null}
      {canEdit && active ? <CancelRun run={run} cancel={cancel} /> : null}
      {canEdit && !active && !run.imported ? (
        <button type="button" className="btn" disabled={rerun.isPending} onClick={() => rerun.mutate({ versionId: run.modelVersionId }, { onSuccess: (r) => router.push(`/runs/${r.id}`) })}>Rerun</button>
      ) : null}
      {canEdit && run.status === 'completed' ? <FineTune run={run} /> : null}
      {canEdit && run.status === 'completed' && !run.imported ? <ContinueTraining run={run} /> : null}
      {canEdit && !active ? (
        <ConfirmDelete<RunDeleteSummary>
          path={`/api/runs/${run.id}`}
          what="this run"
          describe={(d) => <>This deletes the run with its metrics, logs and {d.artifacts} stored file{d.artifacts === 1 ? '' : 's'} ({formatBytes(d.bytes)}), including its trained model. The model version stays.</>}
          invalidate={[queryKeys.runsAll]}
          onDeleted={() => router.push('/runs')}
        />
      ) : null}
      {cancel.error || rerun.error ? <div style={{ flexBasis: '100%' }}><ErrorMessage error={cancel.error ?? rerun.error} /></div> : null}
    </>
  );
}

/**
 * Fine-tuning (Ludwig's model_load_path): a new run of the same version on a dataset the user picks,
 * starting from this run's weights instead of from scratch.
 */
function FineTune({ run }: { run: RunDetail }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [datasetId, setDatasetId] = useState('');
  const datasets = useDatasets();
  const start = useStartRun();
  const ready = (datasets.data ?? []).filter((d) => d.status === 'ready');
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>Fine-tune</button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Fine-tune this model"
        footer={(
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>Close</button>
            <button
              type="button" className="btn btn-primary" disabled={!datasetId || start.isPending}
              onClick={() => start.mutate({ versionId: run.modelVersionId, datasetId, modelLoadRunId: run.id }, { onSuccess: (r) => router.push(`/runs/${r.id}`) })}
            >{start.isPending ? 'Starting…' : 'Start fine-tuning'}</button>
          </>
        )}
      >
        <p>A new run of this version trains on the dataset you pick, starting from this run&apos;s weights instead of from scratch. Categories and words the model has not seen start fresh; the run&apos;s log names them.</p>
        <Field id="fine-tune-dataset" label="Dataset to fine-tune on" help="It needs the columns the model reads.">
          <select id="fine-tune-dataset" value={datasetId} onChange={(e) => setDatasetId(e.target.value)}>
            <option value="">Choose a dataset…</option>
            {ready.map((d) => <option key={d.id} value={d.id}>{d.name}{d.id === run.datasetId ? ' (trained on)' : ''}</option>)}
          </select>
        </Field>
        {start.error ? <ErrorMessage error={start.error} /> : null}
      </Dialog>
    </>
  );
}

/**
 * Continue training (Ludwig's model_resume_path): a new run that picks this run's training up where
 * it ended (weights, optimizer, epoch count, best model, early stopping) and trains more epochs.
 */
function ContinueTraining({ run }: { run: RunDetail }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [more, setMore] = useState('5');
  const start = useStartRun();
  const trained = run.epoch;
  const additional = Number(more);
  const valid = Number.isInteger(additional) && additional > 0;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>Continue training</button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Continue training"
        footer={(
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>Close</button>
            <button
              type="button" className="btn btn-primary" disabled={!valid || start.isPending}
              onClick={() => start.mutate({ versionId: run.modelVersionId, resumeRunId: run.id, epochs: trained + additional }, { onSuccess: (r) => router.push(`/runs/${r.id}`) })}
            >{start.isPending ? 'Starting…' : 'Continue training'}</button>
          </>
        )}
      >
        <p>A new run picks this run&apos;s training up where it ended, after {trained} epochs: the same data and seed, its weights, optimizer state, best model so far and early-stopping count. Its epochs are numbered on from {trained + 1}.</p>
        <Field id="continue-epochs" label="Additional epochs" help={valid ? `Training ends after ${trained + additional} epochs in all, or earlier if early stopping says so.` : 'A whole number above 0.'}>
          <input id="continue-epochs" type="number" min={1} step={1} value={more} onChange={(e) => setMore(e.target.value)} />
        </Field>
        {start.error ? <ErrorMessage error={start.error} /> : null}
      </Dialog>
    </>
  );
}

/** Cancelling throws away the training done so far, so it asks first (a stray click costs hours). */
function CancelRun({ run, cancel }: { run: RunDetail; cancel: ReturnType<typeof useCancelRun> }) {
  const [open, setOpen] = useState(false);
  const progress = run.step ? ` It has trained ${run.step} step${run.step === 1 ? '' : 's'} so far.` : '';
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={() => setOpen(true)} disabled={cancel.isPending || run.cancelRequested}>{run.cancelRequested ? 'Cancelling…' : 'Cancel run'}</button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Cancel this run?"
        footer={(
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>Keep training</button>
            <button type="button" className="btn btn-danger-solid" onClick={() => { cancel.mutate(); setOpen(false); }}>Cancel the run</button>
          </>
        )}
      >
        <div className="alert alert-warn">The run stops at its next step and is marked cancelled; it leaves no trained model to deploy or download.{progress} Rerun it later to start again from the beginning.</div>
      </Dialog>
    </>
  );
}
