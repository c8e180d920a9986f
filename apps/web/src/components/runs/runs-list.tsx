'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useRuns } from '@/client/queries/runs';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { QueryState } from '../ui/query-state';
import { RunsTable } from './runs-table';

const MAX_COMPARE = 5;

/** Every run, with up to five picked for the compare page. */
export function RunsList({ modelId }: { modelId?: string }) {
  const router = useRouter();
  const runs = useRuns({ modelId });
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length < MAX_COMPARE ? [...s, id] : s));
  return (
    <Card flush title={modelId ? 'Runs' : undefined}>
      <div className="row" style={{ padding: '0.75rem 1rem', borderBottom: '1px solid var(--border)' }}>
        <span className="muted small">{selected.length === 0 ? 'Tick 2 to 5 runs to compare them.' : `${selected.length} selected${selected.length === MAX_COMPARE ? ' (the most)' : ''}`}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-small btn-primary" disabled={selected.length < 2} onClick={() => router.push(`/runs/compare?ids=${selected.join(',')}`)}>Compare {selected.length >= 2 ? selected.length : ''} runs</button>
      </div>
      <QueryState query={runs}>
        {(list) => list.length === 0 ? (
          <EmptyState icon="↗" title="No runs yet" actions={<Link className="btn btn-primary" href="/datasets">Pick a dataset to train on</Link>}>
            A run trains one model version on its dataset. Start one from a dataset or a model.
          </EmptyState>
        ) : <RunsTable runs={list} selected={selected} onToggle={toggle} showModel={!modelId} />}
      </QueryState>
    </Card>
  );
}
