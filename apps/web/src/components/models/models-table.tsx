'use client';
import Link from 'next/link';
import { formatRelative } from '@/client/format';
import { useModels } from '@/client/queries/models';
import { EmptyState } from '../ui/empty-state';
import { QueryState } from '../ui/query-state';

export function ModelsTable() {
  const models = useModels();
  return (
    <QueryState query={models}>
      {(list) => list.length === 0 ? (
        <EmptyState icon="◇" title="No models yet" actions={<Link className="btn btn-primary" href="/datasets">Choose a dataset</Link>}>
          A model is a config: what to predict from which columns, and how. Start from a dataset and pick the column to predict, or import a model trained with the CLI.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Models">
            <thead><tr><th>Name</th><th className="num">Versions</th><th>Latest</th><th>Dataset</th><th>Created</th></tr></thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id}>
                  <td><Link href={`/models/${m.id}`}>{m.name}</Link></td>
                  <td className="num">{m.versionCount}</td>
                  <td>{m.latestVersionId ? <Link href={`/models/${m.id}/versions/${m.latestVersionId}`}>v{m.latestVersion}</Link> : '—'}</td>
                  <td>{m.datasetId ? <Link href={`/datasets/${m.datasetId}`}>open</Link> : m.imported ? <span className="badge badge-info plain" title="Trained with the CLI and imported">imported</span> : <span className="faint">deleted</span>}</td>
                  <td className="muted">{formatRelative(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
