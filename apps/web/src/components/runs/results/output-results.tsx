import { formatMetric, humanize } from '@/client/format';
import type { FeatureImportance } from '@/client/queries/runs';
import { scalarMetrics, type OutputStatistics } from '@/client/test-statistics';
import { CalibrationChart } from '../../charts/calibration-chart';
import { ConfusionMatrix } from '../../charts/confusion-matrix';
import { CurveChart } from '../../charts/curve-chart';
import { Card } from '../../ui/card';
import { Stat } from '../../ui/stat';
import { PerClassTable } from './per-class-table';
import { ResultsSummary } from './results-summary';

/** Everything the test split says about one output: summary, metrics and the charts its type has. */
export function OutputResults({ output, type, stats, importance }: { output: string; type: string; stats: OutputStatistics; importance: FeatureImportance | null }) {
  const labels = Object.keys(stats.per_class_stats ?? {});
  return (
    <div className="stack" data-output-results={output}>
      <Card title={<>Results for {output} <span className="type-tag">{type}</span></>}>
        <ResultsSummary output={output} type={type} stats={stats} importance={importance} />
        <div className="stats section-gap">
          {scalarMetrics(stats).map(([name, value]) => <Stat key={name} label={humanize(name)} value={formatMetric(value)} />)}
        </div>
      </Card>
      <div className="grid grid-2">
        {stats.confusion_matrix ? (
          <Card title="Confusion matrix" description="Rows are the true values, columns what the model said.">
            <ConfusionMatrix matrix={stats.confusion_matrix} labels={labels} />
          </Card>
        ) : null}
        {stats.calibration ? (
          <Card title="Calibration" description={`How often it is right when it is this sure. Expected calibration error ${formatMetric(stats.calibration.expected_calibration_error)}.`}>
            <CalibrationChart bins={stats.calibration.bins} />
          </Card>
        ) : null}
        {stats.roc_curve ? (
          <Card title="ROC curve" description="True positives against false positives as the threshold moves; the diagonal is guessing.">
            <CurveChart name="roc" x={stats.roc_curve.false_positive_rate} y={stats.roc_curve.true_positive_rate} xLabel="false positive rate" yLabel="true positive rate" diagonal />
          </Card>
        ) : null}
        {stats.precision_recall_curve ? (
          <Card title="Precision–recall curve" description="Precision at each level of recall.">
            <CurveChart name="precision-recall" x={stats.precision_recall_curve.recalls} y={stats.precision_recall_curve.precisions} xLabel="recall" yLabel="precision" />
          </Card>
        ) : null}
      </div>
      {stats.per_class_stats ? <Card title="Per class" flush><PerClassTable stats={stats.per_class_stats} /></Card> : null}
    </div>
  );
}
