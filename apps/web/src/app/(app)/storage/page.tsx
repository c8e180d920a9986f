import { StorageView } from '@/components/system/storage-view';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Storage · Overture' };

export default function StoragePage() {
  return (
    <>
      <PageHeader title="Storage" description="Where the disk goes: uploaded data, trained models, caches." />
      <StorageView />
    </>
  );
}
