import { formatCount } from '@/client/format';

/** Rows: the truth; columns: the prediction. Cells shaded by their share of the row. */
export function ConfusionMatrix({ matrix, labels }: { matrix: number[][]; labels: string[] }) {
  return (
    <div className="table-wrap" data-chart="confusion-matrix">
      <table className="heatmap" aria-label="Confusion matrix">
        <thead>
          <tr><th /><th className="axis" colSpan={labels.length} style={{ textAlign: 'center' }}>Predicted</th></tr>
          <tr><th className="axis">Actual</th>{labels.map((l) => <th key={l} title={l}>{l}</th>)}</tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={labels[i] ?? i}>
                <th title={labels[i]} style={{ textAlign: 'right' }}>{labels[i]}</th>
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
