'use client';
import Link from 'next/link';
import { formatDuration, formatMetric, formatRelative, humanize, secondsBetween } from '@/client/format';
import type { RunListItem } from '@/client/types';
import { StatusBadge } from '../ui/status-badge';
import { KeyMetric } from './key-metric';

export type MetricKey = { split: string; output: string; metric: string };

/** The value of the metric the list is sorted by (a run without it shows a dash). */
function SortedValue({ run, sort }: { run: RunListItem; sort: MetricKey }) {
  const v = run.metrics.find((m) => m.split === sort.split && m.output === sort.output && m.metric === sort.metric);
  return v ? <strong>{formatMetric(v.value)}</strong> : <span className="faint">—</span>;
}

/** Runs with status, duration and their key metric; with `selected`, rows get checkboxes (compare). */
export function RunsTable({ runs, selected, onToggle, showModel = true, sortedBy }: { runs: RunListItem[]; selected?: string[]; onToggle?: (id: string) => void; showModel?: boolean; sortedBy?: MetricKey }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Runs">
        <thead>
          <tr>
            {onToggle ? <th style={{ width: 36 }}><span className="sr-only">Compare</span></th> : null}
            <th>Run</th>{showModel ? <th>Model</th> : null}<th>Status</th><th className="num">Progress</th><th className="num">Duration</th><th>{sortedBy ? `${humanize(sortedBy.split)} ${sortedBy.metric.replaceAll('_', ' ')} of ${sortedBy.output}` : 'Key metric'}</th><th>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-run={r.id}>
              {onToggle ? (
                <td><input type="checkbox" aria-label={`Compare run ${r.id.slice(0, 8)}`} checked={selected?.includes(r.id) ?? false} onChange={() => onToggle(r.id)} /></td>
              ) : null}
              <td><Link href={`/runs/${r.id}`} className="mono">{r.id.slice(0, 8)}</Link></td>
              {showModel ? <td><Link href={`/models/${r.modelId}`}>{r.modelName}</Link> <span className="faint">v{r.version}</span></td> : null}
              <td><span className="row" style={{ gap: '0.35rem', flexWrap: 'nowrap' }}><StatusBadge status={r.status} />{r.imported ? <span className="badge badge-info plain">imported</span> : null}</span></td>
              <td className="num">{Math.round(r.progressPct)}%</td>
              <td className="num">{formatDuration(secondsBetween(r.startedAt, r.finishedAt))}</td>
              <td>{sortedBy ? <SortedValue run={r} sort={sortedBy} /> : <KeyMetric metric={r.keyMetric} />}</td>
              <td className="muted nowrap">{formatRelative(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
