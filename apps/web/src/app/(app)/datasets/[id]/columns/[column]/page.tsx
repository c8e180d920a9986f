import { ColumnView } from '@/components/datasets/column-view';

export default async function ColumnPage({ params }: { params: Promise<{ id: string; column: string }> }) {
  const { id, column } = await params;
  return <ColumnView datasetId={id} name={decodeURIComponent(column)} />;
}
