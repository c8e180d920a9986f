import Link from 'next/link';
import { DatasetTable } from '@/components/datasets/dataset-table';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Datasets · Overture' };

export default function DatasetsPage() {
  return (
    <>
      <PageHeader title="Datasets" description="The data your models learn from. Each one is profiled column by column." actions={<Link className="btn btn-primary" href="/datasets/new">Add a dataset</Link>} />
      <Card flush><DatasetTable /></Card>
    </>
  );
}
