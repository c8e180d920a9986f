import { ApiKeys } from '@/components/keys/api-keys';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'API keys · Overture' };

export default function ApiKeysPage() {
  return (
    <>
      <PageHeader title="API keys" description="Keys let programs call the API and /predict as you." />
      <ApiKeys />
    </>
  );
}
