'use client';
import Link from 'next/link';
import { useDeployments } from '@/client/queries/deployments';
import { useSession } from '@/client/session';
import { DeployForm } from '../deployments/deploy-form';
import { Playground } from '../deployments/playground';
import { Card } from '../ui/card';

/** "Try it": the playground of this run's deployment, or a one-step deploy to get one. */
export function TryPrediction({ runId, modelName }: { runId: string; modelName: string }) {
  const { canEdit } = useSession();
  const deployments = useDeployments();
  const deployed = deployments.data?.find((d) => d.runId === runId && d.status === 'active');
  return (
    <Card title="Try a prediction" description={deployed ? <>Served as <Link href={`/deployments/${deployed.name}`}>{deployed.name}</Link>.</> : 'Deploy this model to ask it questions here and through the API.'}>
      {deployed ? <Playground name={deployed.name} /> : canEdit ? <DeployForm runId={runId} suggestedName={modelName} /> : <p className="muted">Not deployed. Ask a member to deploy it.</p>}
    </Card>
  );
}
