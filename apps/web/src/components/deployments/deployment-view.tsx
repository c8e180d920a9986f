'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeployment } from '@/client/queries/deployments';
import { useSession } from '@/client/session';
import type { DeploymentDetail } from '@/client/types';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';
import { BatchPrediction } from './batch-prediction';
import { CurlExample } from './curl-example';
import { DriftBadge, Monitoring } from './monitoring';
import { Playground } from './playground';
import { SwitchVersion } from './switch-version';
import { TrafficSplit } from './traffic-split';
import { UndeployButton } from './undeploy-button';

export function DeploymentView({ name }: { name: string }) {
  const deployment = useDeployment(name);
  return <QueryState query={deployment} lines={8}>{(d) => <DeploymentPage deployment={d} />}</QueryState>;
}

function DeploymentPage({ deployment }: { deployment: DeploymentDetail }) {
  const router = useRouter();
  const { canEdit } = useSession();
  return (
    <>
      <PageHeader
        crumbs={[{ href: '/deployments', label: 'Deployments' }]}
        title={<span className="row">{deployment.name} <StatusBadge status={deployment.status} /> <DriftBadge name={deployment.name} /></span>}
        description={<>Serves <Link href={`/runs/${deployment.runId}`}>run {deployment.runId.slice(0, 8)}</Link> at <code>POST {deployment.predictUrl}</code>. It reads {deployment.inputs.length} input{deployment.inputs.length === 1 ? '' : 's'} and predicts {deployment.outputs.map((o) => o.name).join(', ')}.</>}
        actions={canEdit ? <UndeployButton name={deployment.name} predictUrl={deployment.predictUrl} onDeleted={() => router.push('/deployments')} /> : null}
      />
      <Card title="Serving now" description="The model version that answers this endpoint. Switching loads the new one first; no request is dropped."><SwitchVersion deployment={deployment} /></Card>
      <Card title="Traffic" description="Send a share of requests to a canary version, copy a share to a shadow whose answers are only logged, and log a share for the drift report."><TrafficSplit deployment={deployment} /></Card>
      <Card title="Playground" description="A form generated from the model's inputs."><Playground key={deployment.runId} name={deployment.name} /></Card>
      <div className="grid grid-2">
        <Card title="Call it from code"><CurlExample deployment={deployment} /></Card>
        <Card title="Batch prediction" description="Upload a file of rows; get its predictions back as CSV, Parquet or JSON lines, with Ludwig's column names."><BatchPrediction deployment={deployment.name} /></Card>
      </div>
      <Card id="monitoring" title="Monitoring" description="What the logged traffic looks like next to the training data, and how the shadow compares."><Monitoring deployment={deployment} /></Card>
    </>
  );
}
