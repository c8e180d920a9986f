import Link from 'next/link';
import { ImportModelButton } from '@/components/models/import-model';
import { ModelsTable } from '@/components/models/models-table';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Models · Overture' };

export default function ModelsPage() {
  return (
    <>
      <PageHeader
        title="Models"
        description="Configs with their immutable versions, from a dataset or imported."
        actions={<><ImportModelButton /><Link className="btn btn-primary" href="/datasets">New model from a dataset</Link></>}
      />
      <Card flush><ModelsTable /></Card>
    </>
  );
}
