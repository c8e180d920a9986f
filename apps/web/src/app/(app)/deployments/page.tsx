import { DeploymentsList } from '@/components/deployments/deployments-list';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Deployments · Overture' };

export default function DeploymentsPage() {
  return (
    <>
      <PageHeader title="Deployments" description="Trained models served over HTTP: POST /predict/<name> with rows as JSON or CSV." />
      <DeploymentsList />
    </>
  );
}
