import Link from 'next/link';
import { formatRelative } from '@/client/format';
import type { ModelVersion } from '@/client/types';

/** The versions as a tree: each under its parent (a fork's first version notes where it came from). */
export function Lineage({ modelId, versions, current }: { modelId: string; versions: ModelVersion[]; current?: string }) {
  const ids = new Set(versions.map((v) => v.id));
  const children = (parent: string | null) => versions.filter((v) => (parent === null ? !v.parentVersionId || !ids.has(v.parentVersionId) : v.parentVersionId === parent));
  const branch = (parent: string | null) => (
    <ul className="lineage">
      {children(parent).map((v) => (
        <li key={v.id} data-version={v.version}>
          <span className="lineage-dot" aria-hidden />
          <div className={v.id === current ? 'lineage-node current' : 'lineage-node'}>
            <Link href={`/models/${modelId}/versions/${v.id}`}>v{v.version}</Link>
            {v.imported ? <span className="badge badge-info plain small">imported</span> : null}
            <span className="muted small">{v.message ?? 'no message'}</span>
            <span className="faint small">{formatRelative(v.createdAt)}</span>
          </div>
          {children(v.id).length > 0 ? branch(v.id) : null}
        </li>
      ))}
    </ul>
  );
  return <nav aria-label="Version lineage">{branch(null)}</nav>;
}
