import { DiffPage } from '@/components/models/diff-page';

export default async function ModelDiffPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string }> }) {
  const { id } = await params;
  const { from, to } = await searchParams;
  return <DiffPage modelId={id} from={from ?? ''} to={to ?? ''} />;
}
