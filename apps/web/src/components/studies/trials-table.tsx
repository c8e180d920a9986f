'use client';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { formatMetric, formatPercent } from '@/client/format';
import type { StudyTrial } from '@/client/types';
import { StatusBadge } from '../ui/status-badge';

type SortKey = 'index' | 'status' | 'metric' | `param:${string}`;

const showValue = (v: unknown) => (typeof v === 'number' ? formatMetric(v) : v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(typeof a === 'string' ? a : JSON.stringify(a)).localeCompare(String(typeof b === 'string' ? b : JSON.stringify(b)));
}

/** The trials, one column per searched parameter; click a header to sort by it (again to reverse). */
export function TrialsTable({ trials, parameters, metric, goal, bestTrialId }: { trials: StudyTrial[]; parameters: string[]; metric: string; goal: 'minimize' | 'maximize'; bestTrialId: string | null }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'index', desc: false });
  const valueOf = (t: StudyTrial, key: SortKey): unknown => (key === 'index' ? t.index : key === 'status' ? t.status : key === 'metric' ? t.metricScore : t.parameters[key.slice('param:'.length)]);
  const rows = [...trials].sort((a, b) => {
    const va = valueOf(a, sort.key), vb = valueOf(b, sort.key);
    // Missing values stay last in both directions.
    if (va === null || va === undefined || vb === null || vb === undefined) return compare(va, vb);
    return (sort.desc ? -1 : 1) * compare(va, vb) || a.index - b.index;
  });
  const header = (key: SortKey, label: string, className?: string) => {
    const active = sort.key === key;
    return (
      <th className={className} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="btn btn-link" style={{ font: "inherit", textTransform: "inherit", color: "inherit" }} onClick={() => setSort({ key, desc: active ? !sort.desc : key === 'metric' && goal === 'maximize' })}>
          {label}{active ? (sort.desc ? ' ↓' : ' ↑') : ''}
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap">
      <table className="table compact" data-testid="trials-table">
        <thead>
          <tr>
            {header('index', 'Trial')}
            {header('status', 'Status')}
            {parameters.map((p) => <Fragment key={p}>{header(`param:${p}`, p, 'num')}</Fragment>)}
            {header('metric', metric, 'num')}
            <th className="num">Evaluations</th>
            <th>Run</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id} data-trial={t.index} style={t.id === bestTrialId ? { background: 'var(--surface-2)' } : undefined}>
              <td>{t.index}{t.id === bestTrialId ? <span className="badge badge-ok" style={{ marginLeft: 6 }}>best</span> : null}</td>
              <td>
                <StatusBadge status={t.status} />
                {t.stoppedBy ? <span className="faint small"> by the {t.stoppedBy === 'time_budget' ? 'time budget' : 'scheduler'}</span> : null}
                {t.error ? <div className="small muted" title={t.error}>{t.error.length > 80 ? `${t.error.slice(0, 77)}…` : t.error}</div> : null}
              </td>
              {parameters.map((p) => <td key={p} className="num mono small">{showValue(t.parameters[p])}</td>)}
              <td className="num">{formatMetric(t.metricScore)}</td>
              <td className="num">{t.reports.length}</td>
              <td>
                {t.runId ? <Link className="mono" href={`/runs/${t.runId}`}>{t.runId.slice(0, 8)}</Link> : '—'}
                {t.runStatus === 'running' && t.progressPct !== null ? <span className="faint small"> {formatPercent(t.progressPct / 100, 0)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
