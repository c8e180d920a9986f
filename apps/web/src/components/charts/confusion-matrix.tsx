import { formatCount } from '@/client/format';
import { textWidth, truncateLabel } from './axis';

/** Widest a header may be before it is shortened (with its full text in the tooltip). */
const maxHeader = 220;
/** A cell's width (globals.css .heatmap td.cell) less its padding: wider column labels stand upright. */
const cellLabelWidth = 50;

/** Rows: the truth; columns: the prediction. Cells shaded by their share of the row. */
export function ConfusionMatrix({ matrix, labels }: { matrix: number[][]; labels: string[] }) {
  // 0.8rem headers: 12.8 px at the default font size.
  const upright = labels.some((l) => textWidth(l, 12.8) > cellLabelWidth);
  const short = (l: string) => truncateLabel(l, maxHeader, 12.8);
  return (
    <div className="table-wrap" data-chart="confusion-matrix">
      <table className="heatmap" aria-label="Confusion matrix">
        <thead>
          <tr><th /><th className="axis" colSpan={labels.length} style={{ textAlign: 'center' }}>Predicted</th></tr>
          <tr><th className="axis" style={{ verticalAlign: 'bottom' }}>Actual</th>{labels.map((l) => <th key={l} title={l} className={upright ? 'upright' : undefined}>{short(l)}</th>)}</tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={labels[i] ?? i}>
                <th title={labels[i]} style={{ textAlign: 'right' }}>{short(labels[i] ?? '')}</th>
                {row.map((count, j) => {
                  const share = count / total;
                  const good = i === j;
                  const background = good ? `rgba(47, 158, 68, ${0.12 + share * 0.75})` : count > 0 ? `rgba(224, 49, 49, ${0.1 + share * 0.7})` : '#f1f3f6';
                  return <td key={j} className="cell" style={{ background, color: share > 0.55 ? '#fff' : 'inherit' }} title={`${labels[i]} predicted as ${labels[j]}: ${count}`}>{formatCount(count)}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
