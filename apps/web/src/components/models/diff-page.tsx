'use client';
import { useModel } from '@/client/queries/models';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { VersionDiff } from './version-diff';

export function DiffPage({ modelId, from, to }: { modelId: string; from: string; to: string }) {
  const model = useModel(modelId);
  const label = (id: string) => `v${model.data?.versions.find((v) => v.id === id)?.version ?? '?'}`;
  return (
    <>
      <PageHeader crumbs={[{ href: '/models', label: 'Models' }, { href: `/models/${modelId}`, label: model.data?.name ?? 'Model' }]} title={`${label(from)} → ${label(to)}`} description="What changed in the config between the two versions." />
      <Card><VersionDiff modelId={modelId} from={from} to={to} /></Card>
    </>
  );
}
