import { formatCount, formatMetric } from '@/client/format';

const columns = [['precision', 'Precision'], ['recall', 'Recall'], ['f1_score', 'F1'], ['specificity', 'Specificity'], ['roc_auc', 'ROC AUC'], ['support', 'Rows']] as const;

/** Precision, recall and friends for each class. */
export function PerClassTable({ stats }: { stats: Record<string, Record<string, number | null>> }) {
  return (
    <div className="table-wrap">
      <table className="table compact" aria-label="Per-class statistics">
        <thead><tr><th>Class</th>{columns.map(([key, label]) => <th key={key} className="num">{label}</th>)}</tr></thead>
        <tbody>
          {Object.entries(stats).map(([label, s]) => (
            <tr key={label}>
              <td>{label}</td>
              {columns.map(([key]) => <td key={key} className="num">{key === 'support' ? formatCount(s[key] ?? null) : formatMetric(s[key] ?? null)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
