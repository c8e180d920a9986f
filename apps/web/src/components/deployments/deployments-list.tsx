'use client';
import Link from 'next/link';
import { useState } from 'react';
import { formatRelative } from '@/client/format';
import { useDeployments } from '@/client/queries/deployments';
import { useRuns } from '@/client/queries/runs';
import { useSession } from '@/client/session';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { Field } from '../ui/field';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';
import { DeployForm } from './deploy-form';
import { UndeployButton } from './undeploy-button';

export function DeploymentsList() {
  const deployments = useDeployments();
  const { canEdit } = useSession();
  return (
    <>
      {canEdit ? <NewDeployment /> : null}
      <Card flush title="Deployments">
        <QueryState query={deployments}>
          {(list) => list.length === 0 ? (
            <EmptyState icon="⇥" title="Nothing is deployed">Deploy a completed run to answer <code>POST /predict</code> requests.</EmptyState>
          ) : (
            <table className="table" aria-label="Deployments">
              <thead><tr><th>Name</th><th>Status</th><th>Endpoint</th><th>Run</th><th>Updated</th><th /></tr></thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.name}>
                    <td><Link href={`/deployments/${d.name}`}>{d.name}</Link></td>
                    <td><StatusBadge status={d.status} /></td>
                    <td className="mono">POST {d.predictUrl}</td>
                    <td><Link className="mono" href={`/runs/${d.runId}`}>{d.runId.slice(0, 8)}</Link></td>
                    <td className="muted">{formatRelative(d.updatedAt)}</td>
                    <td className="num">{canEdit ? <UndeployButton name={d.name} predictUrl={d.predictUrl} small /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </Card>
    </>
  );
}

function NewDeployment() {
  const runs = useRuns({ status: 'completed' });
  const [runId, setRunId] = useState('');
  const run = runs.data?.find((r) => r.id === runId);
  return (
    <Card title="Deploy a model" description="Serve a completed run under a name.">
      <Field id="deploy-run" label="Run">
        <select id="deploy-run" className="input" value={runId} onChange={(e) => setRunId(e.target.value)}>
          <option value="">Choose a completed run…</option>
          {(runs.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.modelName} v{r.version} — run {r.id.slice(0, 8)} ({formatRelative(r.finishedAt)})</option>)}
        </select>
      </Field>
      {run ? <DeployForm key={run.id} runId={run.id} suggestedName={run.modelName} onDeployed={() => setRunId('')} /> : null}
    </Card>
  );
}
