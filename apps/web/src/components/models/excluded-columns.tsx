'use client';
import { useAutoConfigPreview } from '@/client/queries/models';
import { Card } from '../ui/card';

/** Columns auto-config leaves out for these targets, and why (IDs, constants, mostly empty…). */
export function ExcludedColumns({ datasetId, targets }: { datasetId: string | null; targets: string[] }) {
  const preview = useAutoConfigPreview(datasetId, targets);
  const excluded = preview.data?.excludedColumns ?? [];
  if (!preview.isSuccess || excluded.length === 0) return null;
  return (
    <Card title="Columns left out" description="Auto-config did not use these as inputs.">
      <ul style={{ margin: 0, paddingLeft: '1.1rem' }} aria-label="Excluded columns">
        {excluded.map((c) => <li key={c.name}><strong>{c.name}</strong> — <span className="muted">{c.reason}</span></li>)}
      </ul>
    </Card>
  );
}
