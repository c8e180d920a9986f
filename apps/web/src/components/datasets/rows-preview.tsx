'use client';
import { useState } from 'react';
import { formatCount } from '@/client/format';
import { useDatasetRows } from '@/client/queries/datasets';
import { QueryState } from '../ui/query-state';

const PAGE = 25;

/** The stored rows, a page at a time. */
export function RowsPreview({ datasetId }: { datasetId: string }) {
  const [offset, setOffset] = useState(0);
  const rows = useDatasetRows(datasetId, offset, PAGE);
  return (
    <QueryState query={rows} lines={8}>
      {(page) => (
        <>
          <div className="table-wrap">
            <table className="table compact" aria-label="Rows">
              <thead><tr><th className="num">#</th>{page.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
              <tbody>
                {page.rows.map((row, i) => (
                  <tr key={offset + i}>
                    <td className="num faint">{offset + i + 1}</td>
                    {row.map((v, j) => <td key={j} className="cell-truncate">{v === null || v === '' ? <span className="faint">—</span> : v}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row" style={{ padding: '0.75rem 1rem' }}>
            <span className="muted small">Rows {formatCount(offset + 1)}–{formatCount(offset + page.rows.length)}{page.total !== null ? ` of ${formatCount(page.total)}` : ''}</span>
            <span className="spacer" />
            <button type="button" className="btn btn-small" onClick={() => setOffset(Math.max(0, offset - PAGE))} disabled={offset === 0}>Previous</button>
            <button type="button" className="btn btn-small" onClick={() => setOffset(offset + PAGE)} disabled={!page.hasMore}>Next</button>
          </div>
        </>
      )}
    </QueryState>
  );
}
