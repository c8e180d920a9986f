import { formatCount, formatMetric, formatPercent } from '@/client/format';
import type { FeatureImportance } from '@/client/queries/runs';
import { outputWording } from '@/client/output-wording';
import type { OutputStatistics } from '@/client/test-statistics';

/** The results of one output in a few plain sentences: how often right (or how far off), against a naive guess, the common mistake. */
export function ResultsSummary({ output, type, stats, importance }: { output: string; type: string; stats: OutputStatistics; importance: FeatureImportance | null }) {
  const matrix = stats.confusion_matrix;
  const labels = Object.keys(stats.per_class_stats ?? {});
  const rows = matrix ? matrix.flat().reduce((a, b) => a + b, 0) : null;
  const top = importance?.output === output ? importance.features.filter((f) => f.importance > 0).slice(0, 2) : [];
  return (
    <div className="summary-text" data-testid={`summary-${output}`}>
      {matrix && typeof stats.accuracy === 'number' ? (
        <ClassifierSentences output={output} accuracy={stats.accuracy} matrix={matrix} labels={labels} rows={rows ?? 0} rocAuc={typeof stats.roc_auc === 'number' ? stats.roc_auc : null} binary={type === 'binary'} correctPhrase={outputWording(type).correctPhrase} />
      ) : null}
      {type === 'number' ? <NumberSentences output={output} stats={stats} /> : null}
      {type === 'anomaly' ? <AnomalySentences output={output} stats={stats} /> : null}
      {type === 'category_distribution' && typeof stats.softmax_cross_entropy === 'number' ? (
        <p>Against the whole target distributions, its cross entropy is <strong>{formatMetric(stats.softmax_cross_entropy)}</strong> (lower is better; the entropy of the targets themselves is the floor).</p>
      ) : null}
      {(type === 'text' || type === 'sequence') && typeof stats.token_accuracy === 'number' ? <SequenceSentences output={output} stats={stats} /> : null}
      {top.length > 0 ? (
        <p>The input that mattered most was <strong>{top[0].feature}</strong>{top[1] ? <>, then <strong>{top[1].feature}</strong></> : null}: shuffling it cost {formatMetric(top[0].importance)} {importance?.metric}.</p>
      ) : null}
    </div>
  );
}

/** Ludwig's anomaly statistics in words: how well the score ranks labeled anomalies, and what the threshold catches. */
function AnomalySentences({ output, stats }: { output: string; stats: OutputStatistics }) {
  const num = (k: string) => (typeof stats[k] === 'number' ? (stats[k] as number) : null);
  const [labeled, anomalies, rows, auroc, threshold, precision, recall] = ['labeled_rows', 'anomalies', 'rows', 'anomaly_auroc', 'threshold', 'precision', 'recall'].map(num);
  if (auroc === null) {
    return <p>The test rows of <strong>{output}</strong> are not labeled with both normal (0) and anomaly (1) rows{rows !== null ? <> ({formatCount(labeled ?? 0)} of {formatCount(rows)} labeled)</> : null}, so how well its anomaly score ranks anomalies cannot be measured here.</p>;
  }
  return (
    <>
      <p>
        On <strong>{formatCount(labeled ?? 0)}</strong> labeled test rows ({formatCount(anomalies ?? 0)} anomalies), a random anomaly got a higher anomaly score than a random normal row <strong>{formatPercent(auroc)}</strong> of the time (anomaly AUROC; 50% is chance).
      </p>
      {threshold !== null && precision !== null && recall !== null ? (
        <p>At the threshold of <strong>{formatMetric(threshold)}</strong>, it flagged {formatPercent(recall)} of the anomalies, and {formatPercent(precision)} of the rows it flagged were anomalies.</p>
      ) : null}
    </>
  );
}

function ClassifierSentences({ output, accuracy, matrix, labels, rows, rocAuc, binary, correctPhrase }: { output: string; accuracy: number; matrix: number[][]; labels: string[]; rows: number; rocAuc: number | null; binary: boolean; correctPhrase: string }) {
  const support = matrix.map((r) => r.reduce((a, b) => a + b, 0));
  const majority = support.indexOf(Math.max(...support));
  const baseline = rows > 0 ? support[majority] / rows : 0;
  let worst: { from: string; to: string; count: number } | null = null;
  matrix.forEach((row, i) => row.forEach((count, j) => {
    if (i !== j && count > 0 && (!worst || count > worst.count)) worst = { from: labels[i] ?? String(i), to: labels[j] ?? String(j), count };
  }));
  const mistake = worst as { from: string; to: string; count: number } | null;
  return (
    <>
      <p>
        On <strong>{formatCount(rows)}</strong> test rows it had never seen, the model predicted <strong>{output}</strong> {correctPhrase}{' '}
        <strong>{formatPercent(accuracy)}</strong> of the time. Always guessing the most common value ({labels[majority] ?? '—'}) would be right {formatPercent(baseline)} of the time.
      </p>
      <p>
        {mistake ? <>Its most frequent mistake: calling <strong>{mistake.from}</strong> “{mistake.to}” ({mistake.count} time{mistake.count === 1 ? '' : 's'}).</> : 'It made no mistakes on the test rows.'}
        {binary && rocAuc !== null ? <> Its ROC AUC of {formatMetric(rocAuc)} means that a random positive row scores higher than a random negative one {formatPercent(rocAuc, 0)} of the time.</> : null}
      </p>
    </>
  );
}

function NumberSentences({ output, stats }: { output: string; stats: OutputStatistics }) {
  const mae = typeof stats.mean_absolute_error === 'number' ? stats.mean_absolute_error : null;
  const r2 = typeof stats.r2 === 'number' ? stats.r2 : null;
  return (
    <p>
      On the test rows, predictions of <strong>{output}</strong> were off by <strong>{formatMetric(mae)}</strong> on average (mean absolute error).
      {r2 !== null ? <> An R² of {formatMetric(r2)} means the model explains {formatPercent(Math.max(0, r2), 0)} of the variation in {output}.</> : null}
    </p>
  );
}

/** A tagger or generator output: how many tokens were right, how many rows were right throughout, how far off a row was. */
function SequenceSentences({ output, stats }: { output: string; stats: OutputStatistics }) {
  const sequenceAccuracy = typeof stats.sequence_accuracy === 'number' ? stats.sequence_accuracy : null;
  const editDistance = typeof stats.edit_distance === 'number' ? stats.edit_distance : null;
  return (
    <p>
      On the test rows, the model predicted <strong>{formatPercent(stats.token_accuracy as number)}</strong> of the tokens of <strong>{output}</strong> correctly (token accuracy, the start and stop symbols included).
      {sequenceAccuracy !== null ? <> It got every token of a row right in {formatPercent(sequenceAccuracy)} of the rows.</> : null}
      {editDistance !== null ? <> On average a row was {formatMetric(editDistance)} token edits away from the truth (edit distance).</> : null}
    </p>
  );
}
