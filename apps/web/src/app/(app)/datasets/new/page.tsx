import { NewDataset } from '@/components/datasets/new-dataset';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Add a dataset · Overture' };

export default function NewDatasetPage() {
  return (
    <>
      <PageHeader crumbs={[{ href: '/datasets', label: 'Datasets' }]} title="Add a dataset" description="Upload a file (streamed, up to the server's limit) or take a snapshot of a SQL query." />
      <div style={{ maxWidth: 820 }}><NewDataset /></div>
    </>
  );
}
