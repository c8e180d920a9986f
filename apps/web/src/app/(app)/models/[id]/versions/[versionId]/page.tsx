import { VersionView } from '@/components/models/version-view';

export default async function VersionPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const { id, versionId } = await params;
  return <VersionView modelId={id} versionId={versionId} />;
}
