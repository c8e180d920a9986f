import Link from 'next/link';
import { formatCount, formatPercent } from '@/client/format';
import type { ColumnProfile } from '@/client/types';
import { HistogramChart } from '../charts/histogram-chart';
import { ImageSummary, ImageThumbnails } from './image-stats';
import { TextCardSummary, TokenLengthChart } from './text-stats';

/** One column at a glance: type, missing values, distinct values and its distribution. */
export function ColumnCard({ datasetId, column }: { datasetId: string; column: ColumnProfile }) {
  const top = column.topValues.slice(0, 4);
  const max = Math.max(1, ...top.map((t) => t.count));
  return (
    <section className="card" aria-label={`Column ${column.name}`} data-column={column.name}>
      <div className="card-header">
        <div style={{ minWidth: 0 }}>
          <h3 className="cell-truncate"><Link href={`/datasets/${datasetId}/columns/${encodeURIComponent(column.name)}`}>{column.name}</Link></h3>
        </div>
        <span className="type-tag" title={column.inferenceReason ?? undefined}>{column.inferredType}</span>
      </div>
      <div className="card-body">
        <div className="row small muted" style={{ marginBottom: '0.5rem' }}>
          <span>Missing <strong>{formatPercent(column.missingRatio)}</strong></span>
          <span>Distinct <strong>{formatCount(column.distinctCount)}</strong></span>
        </div>
        {column.text ? <TextCardSummary text={column.text} /> : null}
        {column.image ? (
          <>
            <ImageThumbnails datasetId={datasetId} position={column.position} name={column.name} image={column.image} />
            <ImageSummary image={column.image} />
          </>
        ) : column.text && column.text.lengthHistogram.length > 0 ? (
          <TokenLengthChart text={column.text} compact />
        ) : column.histogram && column.histogram.length > 0 ? (
          <HistogramChart bins={column.histogram} compact />
        ) : (
          <table className="table compact" aria-label={`Top values of ${column.name}`}>
            <tbody>
              {top.map((t) => (
                <tr key={t.value}>
                  <td className="cell-truncate" style={{ maxWidth: 140 }}>{t.value === '' ? <span className="faint">(empty)</span> : t.value}</td>
                  <td style={{ width: '45%' }}><span className="bar-inline" style={{ width: `${(t.count / max) * 100}%` }} /></td>
                  <td className="num">{formatCount(t.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
