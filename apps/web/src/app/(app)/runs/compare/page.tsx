import { CompareRuns } from '@/components/runs/compare-runs';

export const metadata = { title: 'Compare runs · Overture' };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const { ids } = await searchParams;
  return <CompareRuns ids={(ids ?? '').split(',').filter(Boolean)} />;
}
