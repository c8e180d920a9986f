import { RunsList } from '@/components/runs/runs-list';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Runs · Overture' };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every training of a model version: follow it live, read its results, compare a few side by side." />
      <RunsList />
    </>
  );
}
