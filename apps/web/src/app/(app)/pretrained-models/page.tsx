import { PretrainedModelsView } from '@/components/pretrained/pretrained-models-view';
import { PageHeader } from '@/components/ui/page-header';

export const metadata = { title: 'Pretrained models · Overture' };

export default function PretrainedModelsPage() {
  return (
    <>
      <PageHeader title="Pretrained models" description="Local text encoders (bert, distilbert, …) the platform's trainings read; nothing is downloaded." />
      <PretrainedModelsView />
    </>
  );
}
