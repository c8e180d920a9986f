import { WorkersView } from '@/components/system/workers-view';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Workers · Overture' };

export default function WorkersPage() {
  return (
    <>
      <PageHeader title="Workers" description="Who is working on what, and how much is waiting. Updates every few seconds." />
      <WorkersView />
    </>
  );
}
