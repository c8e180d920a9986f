'use client';
import { useState, type FormEvent } from 'react';
import { useDeploy } from '@/client/queries/deployments';
import type { Deployment } from '@/client/types';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

/** A name from free text: letters, digits, - and _ (what deployment names allow). */
export function deploymentName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'model';
}

/** Serves a completed run under a name: POST /predict/<name> answers at once. */
export function DeployForm({ runId, suggestedName, onDeployed }: { runId: string; suggestedName: string; onDeployed?: (d: Deployment) => void }) {
  const [name, setName] = useState(deploymentName(suggestedName));
  const deploy = useDeploy();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    deploy.mutate({ name, runId }, { onSuccess: (d) => onDeployed?.(d) });
  };
  return (
    <form onSubmit={submit}>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <div style={{ flex: 1, minWidth: 220 }}>
          <Field id={`deploy-name-${runId}`} label="Deployment name" help={`Predictions go to /predict/${name || '…'}`}>
            <input id={`deploy-name-${runId}`} className="input" value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,62}" required />
          </Field>
        </div>
        <button type="submit" className="btn btn-primary" style={{ marginBottom: '0.9rem' }} disabled={deploy.isPending || !name}>{deploy.isPending ? 'Deploying…' : 'Deploy'}</button>
      </div>
      <ErrorMessage error={deploy.error} title="It could not be deployed" />
    </form>
  );
}
