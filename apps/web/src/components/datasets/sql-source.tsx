'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { formatCount, formatDate } from '@/client/format';
import { useRefreshDataset } from '@/client/queries/datasets';
import type { DatasetDetail } from '@/client/types';
import { Card } from '../ui/card';
import { CodeBlock } from '../ui/code-block';
import { ErrorMessage } from '../ui/error-message';
import { StatusBadge } from '../ui/status-badge';

const databaseNames: Record<string, string> = { postgres: 'PostgreSQL', mysql: 'MySQL / MariaDB' };

/** What a SQL dataset stores about its source (the API never sends the URL or its password). */
export function sqlSourceOf(dataset: DatasetDetail) {
  const s = dataset.sourceDetails;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  return {
    database: databaseNames[text(s.type)] ?? 'SQL',
    server: s.port ? `${text(s.host)}:${text(s.port)}` : text(s.host),
    name: text(s.database),
    query: text(s.query),
    rows: typeof s.rows === 'number' ? s.rows : null,
    truncated: s.truncated === true,
    rowCap: typeof s.rowCap === 'number' ? s.rowCap : null,
  };
}

/**
 * The source of a SQL dataset — server, database and query, never the password — when it was
 * taken, and "Refresh from source": the query runs again into a new snapshot, which then opens.
 */
export function SqlSource({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  const router = useRouter();
  const refresh = useRefreshDataset(dataset.id);
  const source = sqlSourceOf(dataset);
  const start = () => refresh.mutate(undefined, { onSuccess: (created) => router.push(`/datasets/${created.id}`) });
  return (
    <Card
      title="Source"
      description="Refreshing runs the query again into a new dataset; this one stays as it is for the runs trained on it."
      actions={canEdit ? (
        <button type="button" className="btn btn-primary" onClick={start} disabled={refresh.isPending || refresh.isSuccess}>
          {refresh.isPending || refresh.isSuccess ? 'Refreshing…' : 'Refresh from source'}
        </button>
      ) : null}
    >
      {refresh.isPending || refresh.isSuccess ? (
        <div className="alert alert-info" role="status">
          <strong>Running the query on {source.server}…</strong>
          <p className="small" style={{ margin: '0 0 0.5rem' }}>Read-only, within the same time limit and row cap. The new snapshot opens when its rows are stored.</p>
          <div className="progress indeterminate" role="progressbar" aria-label="Refresh progress"><div /></div>
        </div>
      ) : null}
      <ErrorMessage error={refresh.error} title="The refresh failed" />
      <dl className="facts">
        <dt>Database</dt>
        <dd>{source.database} on <span className="mono">{source.server}</span>{source.name ? <>, database <span className="mono">{source.name}</span></> : null}</dd>
        <dt>Taken</dt>
        <dd>{formatDate(dataset.createdAt)}</dd>
        <dt>Rows</dt>
        <dd>
          {formatCount(source.rows)}
          {source.truncated ? <span className="muted"> — the query returned more; the row cap of {formatCount(source.rowCap)} kept the first ones</span> : null}
        </dd>
        {dataset.refreshedFrom ? (
          <>
            <dt>Refreshed from</dt>
            <dd><Link href={`/datasets/${dataset.refreshedFrom.id}`}>{dataset.refreshedFrom.name}</Link> <span className="muted small">taken {formatDate(dataset.refreshedFrom.createdAt)}</span></dd>
          </>
        ) : null}
        {dataset.refreshes.length > 0 ? (
          <>
            <dt>Newer snapshots</dt>
            <dd>
              <ul className="lineage" aria-label="Newer snapshots">
                {dataset.refreshes.map((r) => (
                  <li key={r.id}>
                    <span className="lineage-dot" aria-hidden />
                    <span className="lineage-node"><Link href={`/datasets/${r.id}`}>{r.name}</Link> <StatusBadge status={r.status} /></span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      <CodeBlock code={source.query} label="SQL query" />
    </Card>
  );
}
