import { StudyView } from '@/components/studies/study-view';

export default async function StudyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <StudyView id={id} />;
}
