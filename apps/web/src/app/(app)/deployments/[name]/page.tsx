import { DeploymentView } from '@/components/deployments/deployment-view';

export default async function DeploymentPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <DeploymentView name={decodeURIComponent(name)} />;
}
