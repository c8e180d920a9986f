'use client';
import { useVersionDiff } from '@/client/queries/models';
import { ConfigDiff } from '../config/config-diff';
import { EmptyState } from '../ui/empty-state';
import { QueryState } from '../ui/query-state';

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** What changed between two versions: the resolved settings leaf by leaf, then both YAML texts side by side. */
export function VersionDiff({ modelId, from, to, showYaml = true }: { modelId: string; from: string; to: string; showYaml?: boolean }) {
  const diff = useVersionDiff(modelId, from, to);
  if (from === to) return <p className="muted">Both sides are the same version.</p>;
  return (
    <QueryState query={diff} lines={6}>
      {(d) => (
        <div className="stack">
          {d.changes.length === 0 ? <EmptyState icon="=" title="No differences">The two versions resolve to the same settings.</EmptyState> : (
            <div className="table-wrap">
              <table className="table compact" aria-label="Config changes">
                <thead><tr><th>Setting</th><th>Change</th><th>v{d.from.version}</th><th>v{d.to.version}</th></tr></thead>
                <tbody>
                  {d.changes.map((c) => (
                    <tr key={`${c.path}-${c.kind}`}>
                      <td className="mono">{c.path}</td>
                      <td className={`diff-${c.kind}`}>{c.kind}</td>
                      <td className="mono diff-removed cell-truncate">{show(c.before)}</td>
                      <td className="mono diff-added cell-truncate">{show(c.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {showYaml ? <ConfigDiff original={d.from.config} modified={d.to.config} /> : null}
        </div>
      )}
    </QueryState>
  );
}
