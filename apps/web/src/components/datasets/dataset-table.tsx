'use client';
import Link from 'next/link';
import { formatBytes, formatCount, formatRelative } from '@/client/format';
import { useDatasets } from '@/client/queries/datasets';
import { EmptyState } from '../ui/empty-state';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';

export function DatasetTable() {
  const datasets = useDatasets();
  return (
    <QueryState query={datasets}>
      {(list) => list.length === 0 ? (
        <EmptyState icon="▤" title="No datasets yet" actions={<Link className="btn btn-primary" href="/datasets/new">Add a dataset</Link>}>
          Upload a CSV, JSON, Parquet or Excel file, or snapshot a SQL query. Overture profiles every column for you.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr><th>Name</th><th>Status</th><th>Source</th><th className="num">Rows</th><th className="num">Size</th><th>Added</th></tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td><Link href={`/datasets/${d.id}`}>{d.name}</Link></td>
                  <td><StatusBadge status={d.status} /></td>
                  <td>{d.source === 'sql' ? 'SQL query' : d.format?.toUpperCase() ?? d.source}</td>
                  <td className="num">{formatCount(d.rowCount)}</td>
                  <td className="num">{formatBytes(d.sizeBytes)}</td>
                  <td className="muted">{formatRelative(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
