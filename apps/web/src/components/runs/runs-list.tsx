'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useRuns } from '@/client/queries/runs';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { QueryState } from '../ui/query-state';
import type { RunListItem } from '@/client/types';
import { RunsTable, type MetricKey } from './runs-table';

const MAX_COMPARE = 5;

/** Every run, with up to five picked for the compare page. */
export function RunsList({ modelId }: { modelId?: string }) {
  const router = useRouter();
  const [sort, setSort] = useState('');
  const runs = useRuns({ modelId, ...(sort ? { sort } : {}) });
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length < MAX_COMPARE ? [...s, id] : s));
  return (
    <Card flush title={modelId ? 'Runs' : undefined}>
      <div className="row" style={{ padding: '0.75rem 1rem', borderBottom: '1px solid var(--border)' }}>
        <span className="muted small">{selected.length === 0 ? 'Tick 2 to 5 runs to compare them.' : `${selected.length} selected${selected.length === MAX_COMPARE ? ' (the most)' : ''}`}</span>
        <span className="spacer" />
        <MetricSortPicker runs={runs.data ?? []} value={sort} onChange={setSort} />
        <button type="button" className="btn btn-small btn-primary" disabled={selected.length < 2} onClick={() => router.push(`/runs/compare?ids=${selected.join(',')}`)}>Compare {selected.length >= 2 ? selected.length : ''} runs</button>
      </div>
      <QueryState query={runs}>
        {(list) => list.length === 0 ? (
          <EmptyState icon="↗" title="No runs yet" actions={<Link className="btn btn-primary" href="/datasets">Pick a dataset to train on</Link>}>
            A run trains one model version on its dataset. Start one from a dataset or a model.
          </EmptyState>
        ) : <RunsTable runs={list} selected={selected} onToggle={toggle} showModel={!modelId} sortedBy={parseSort(sort)} />}
      </QueryState>
    </Card>
  );
}

const splitOrder = ['test', 'validation', 'training'];
/** `<split>.<output>.<metric>`, the API's sort key; output names may hold dots. */
const sortKey = (m: MetricKey) => `${m.split}.${m.output}.${m.metric}`;
function parseSort(key: string): MetricKey | undefined {
  const first = key.indexOf('.'), last = key.lastIndexOf('.');
  return first > 0 && last > first ? { split: key.slice(0, first), output: key.slice(first + 1, last), metric: key.slice(last + 1) } : undefined;
}

/** "Sort by": newest first, or best first by any metric of any split the listed runs have. */
function MetricSortPicker({ runs, value, onChange }: { runs: RunListItem[]; value: string; onChange: (key: string) => void }) {
  const keys = new Map<string, MetricKey>();
  for (const r of runs) for (const m of r.metrics) keys.set(sortKey(m), m);
  const selected = parseSort(value);
  if (selected) keys.set(value, selected);
  const options = [...keys.entries()].sort(([, a], [, b]) => splitOrder.indexOf(a.split) - splitOrder.indexOf(b.split) || a.output.localeCompare(b.output) || a.metric.localeCompare(b.metric));
  if (options.length === 0) return null;
  return (
    <label className="row small" style={{ gap: '0.4rem' }}>
      <span className="muted">Sort by</span>
      <select className="input" style={{ width: 'auto' }} aria-label="Sort runs by" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Newest first</option>
        {options.map(([key, m]) => <option key={key} value={key}>{`${m.split} ${m.metric.replaceAll('_', ' ')} of ${m.output}`}</option>)}
      </select>
    </label>
  );
}
