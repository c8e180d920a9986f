'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useAutoConfigPreview, useCreateModel } from '@/client/queries/models';
import { useStartRun } from '@/client/queries/runs';
import type { DatasetDetail } from '@/client/types';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { SplitWarnings } from '../models/split-warnings';
import { ColumnTypeSelect } from './column-type-select';

/**
 * "What do you want to predict?": picks the target, builds the config from the profile and either
 * starts training at once or opens the config to adjust it first. Every column is offered: one that
 * cannot be an output says why and can have its type changed here; the columns left out of the
 * inputs and any split too small to trust are listed before the user clicks Train.
 */
export function TrainPanel({ dataset }: { dataset: DatasetDetail }) {
  const router = useRouter();
  // The first target, then any others (a multi-task model: each output gets its own decoder and loss).
  const [targets, setTargets] = useState<string[]>(['']);
  const [name, setName] = useState('');
  const createModel = useCreateModel();
  const startRun = useStartRun();
  const picked = targets.filter((t) => t !== '');
  const chosenColumns = picked.map((t) => dataset.columns.find((c) => c.name === t)).filter((c) => c !== undefined);
  const chosen = chosenColumns.find((c) => c.targetProblem) ?? chosenColumns[0];
  const usable = chosenColumns.length > 0 && chosenColumns.length === picked.length && chosenColumns.every((c) => !c.targetProblem);
  const target = picked.join(', ');
  const modelName = name.trim() || `${dataset.name.replace(/\.[a-z]+$/i, '')} → ${target}`;
  const preview = useAutoConfigPreview(usable ? dataset.id : null, usable ? picked : []);
  const excluded = preview.data?.excludedColumns ?? [];
  const warnings = preview.data?.warnings ?? [];
  const setTargetAt = (i: number, value: string) => setTargets((list) => list.map((t, j) => (j === i ? value : t)));
  const removeTarget = (i: number) => setTargets((list) => list.filter((_, j) => j !== i));

  const create = async (train: boolean) => {
    const model = await createModel.mutateAsync({ name: modelName, datasetId: dataset.id, targets: picked });
    if (!train) return router.push(`/models/${model.id}/versions/${model.versionId}`);
    const run = await startRun.mutateAsync({ versionId: model.versionId });
    router.push(`/runs/${run.id}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create(true).catch(() => undefined);
  };
  const pending = createModel.isPending || startRun.isPending;
  const help = chosen ? (usable ? `${chosenColumns.map((c) => c.inferredType).join(', ')} ${chosenColumns.length > 1 ? 'columns' : 'column'}; every other useful column becomes an input.` : undefined) : 'Any column: labels, numbers, sets, vectors, and free text (a drafted reply) can be predicted.';
  return (
    <form onSubmit={submit}>
      <div className="form-row">
        <Field id="target" label="Column to predict" help={help}>
          <select id="target" className="input" value={targets[0]} onChange={(e) => setTargetAt(0, e.target.value)} required>
            <option value="">Choose a column…</option>
            {dataset.columns.filter((c) => !targets.slice(1).includes(c.name)).map((c) => <option key={c.name} value={c.name}>{c.name} ({c.inferredType}{c.targetProblem ? ', cannot be predicted as is' : ''})</option>)}
          </select>
        </Field>
        <Field id="model-name" label="Model name">
          <input id="model-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={target ? modelName : 'named after the dataset and target'} />
        </Field>
      </div>
      {targets.slice(1).map((value, k) => {
        const i = k + 1;
        return (
          <div className="form-row" key={i}>
            <Field id={`target-${i}`} label={`Also predict (${i + 1})`}>
              <select id={`target-${i}`} className="input" value={value} onChange={(e) => setTargetAt(i, e.target.value)}>
                <option value="">Choose a column…</option>
                {dataset.columns.filter((c) => c.name === value || !targets.includes(c.name)).map((c) => <option key={c.name} value={c.name}>{c.name} ({c.inferredType}{c.targetProblem ? ', cannot be predicted as is' : ''})</option>)}
              </select>
            </Field>
            <button type="button" className="btn btn-small" onClick={() => removeTarget(i)} aria-label={`Do not predict ${value || `column ${i + 1}`}`}>Remove</button>
          </div>
        );
      })}
      {targets[0] !== '' && targets.every((t) => t !== '') && targets.length < dataset.columns.length - 1 ? (
        <div className="row" style={{ marginBottom: '0.5rem' }}>
          <button type="button" className="btn btn-small" onClick={() => setTargets((list) => [...list, ''])}>Predict another column too</button>
          <span className="small muted">one model with an output per column (multi-task); dependencies between them are set in the config</span>
        </div>
      ) : null}
      {chosen?.targetProblem ? (
        <div className="alert alert-error" role="alert" data-testid="target-problem">
          <strong>{chosen.name} cannot be predicted as it is</strong>
          {chosen.targetProblem}
          <div className="row" style={{ marginTop: '0.5rem' }}>
            <span className="small">Type of {chosen.name}:</span> <ColumnTypeSelect datasetId={dataset.id} column={chosen.name} type={chosen.inferredType} />
          </div>
        </div>
      ) : null}
      {preview.data ? <SplitWarnings splits={preview.data.splits} warnings={warnings} /> : null}
      {excluded.length > 0 ? (
        <div className="alert alert-info" data-testid="excluded-columns">
          <strong>Left out of the inputs</strong>
          <ul>
            {excluded.map((c) => (
              <li key={c.name}>
                {/* <b>, not <strong>: an alert's <strong> is its block title. */}
                <b>{c.name}</b>: {c.reason}
                {c.unusableType ? <> — change its type: <ColumnTypeSelect datasetId={dataset.id} column={c.name} type={c.unusableType} /></> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorMessage error={preview.error ?? createModel.error ?? startRun.error} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={!usable || pending}>{pending ? 'Starting…' : 'Train'}</button>
        <button type="button" className="btn" disabled={!usable || pending} onClick={() => void create(false).catch(() => undefined)}>Review the config first</button>
      </div>
    </form>
  );
}
