'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { trainableOutputTypes } from '@overture/config';
import { useAutoConfigPreview, useCreateModel } from '@/client/queries/models';
import { useStartRun } from '@/client/queries/runs';
import type { DatasetDetail } from '@/client/types';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

const predictable = (type: string) => (trainableOutputTypes as readonly string[]).includes(type);

/**
 * "What do you want to predict?": picks the target, builds the config from the profile and either
 * starts training at once or opens the config to adjust it first.
 */
export function TrainPanel({ dataset }: { dataset: DatasetDetail }) {
  const router = useRouter();
  const candidates = dataset.columns.filter((c) => predictable(c.inferredType));
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const createModel = useCreateModel();
  const startRun = useStartRun();
  const modelName = name.trim() || `${dataset.name.replace(/\.[a-z]+$/i, '')} → ${target}`;
  const preview = useAutoConfigPreview(target ? dataset.id : null, target ? [target] : []);
  const excluded = preview.data?.excludedColumns ?? [];

  const create = async (train: boolean) => {
    const model = await createModel.mutateAsync({ name: modelName, datasetId: dataset.id, targets: [target] });
    if (!train) return router.push(`/models/${model.id}/versions/${model.versionId}`);
    const run = await startRun.mutateAsync({ versionId: model.versionId });
    router.push(`/runs/${run.id}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create(true).catch(() => undefined);
  };
  const pending = createModel.isPending || startRun.isPending;
  return (
    <form onSubmit={submit}>
      <div className="form-row">
        <Field id="target" label="Column to predict" help={target ? `${dataset.columns.find((c) => c.name === target)?.inferredType} output; every other useful column becomes an input.` : 'Binary, number, category, set or vector columns.'}>
          <select id="target" className="input" value={target} onChange={(e) => setTarget(e.target.value)} required>
            <option value="">Choose a column…</option>
            {candidates.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.inferredType})</option>)}
          </select>
        </Field>
        <Field id="model-name" label="Model name">
          <input id="model-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={target ? modelName : 'named after the dataset and target'} />
        </Field>
      </div>
      {excluded.length > 0 ? (
        <div className="alert alert-info" data-testid="excluded-columns">
          <strong>Left out of the inputs</strong>
          <ul>{excluded.map((c) => <li key={c.name}><strong>{c.name}</strong>: {c.reason}</li>)}</ul>
        </div>
      ) : null}
      <ErrorMessage error={createModel.error ?? startRun.error} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={!target || pending}>{pending ? 'Starting…' : 'Train'}</button>
        <button type="button" className="btn" disabled={!target || pending} onClick={() => void create(false).catch(() => undefined)}>Review the config first</button>
      </div>
    </form>
  );
}
