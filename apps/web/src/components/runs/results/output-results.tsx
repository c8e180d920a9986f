import { MIN_EVALUATION_ROWS } from '@overture/config';
import { formatMetric, humanize } from '@/client/format';
import type { FeatureImportance } from '@/client/queries/runs';
import { outputWording } from '@/client/output-wording';
import type { OutputForecasts } from '@/client/forecast-samples';
import { scalarMetrics, type OutputStatistics } from '@/client/test-statistics';
import { CalibrationChart } from '../../charts/calibration-chart';
import { ConfusionMatrix } from '../../charts/confusion-matrix';
import { CurveChart } from '../../charts/curve-chart';
import { Card } from '../../ui/card';
import { Stat } from '../../ui/stat';
import { ForecastChart } from './forecast-chart';
import { PerClassTable } from './per-class-table';
import { ResultsSummary } from './results-summary';

/** Everything the test split says about one output: summary, metrics and the charts its type has. */
export function OutputResults({ output, type, stats, importance, forecasts = null }: {
  output: string; type: string; stats: OutputStatistics; importance: FeatureImportance | null;
  /** A timeseries output's kept test forecasts (forecast_samples.json), drawn under its metrics. */
  forecasts?: OutputForecasts | null;
}) {
  const labels = Object.keys(stats.per_class_stats ?? {});
  const testRows = stats.confusion_matrix ? stats.confusion_matrix.flat().reduce((a, b) => a + b, 0) : null;
  // A curve through a handful of rows is a few steps that say nothing: say so rather than draw it.
  const tooFew = testRows !== null && testRows < MIN_EVALUATION_ROWS;
  const hasCurve = (xs: readonly number[] | undefined) => !tooFew && (xs?.length ?? 0) >= 2;
  const curvesLeftOut = Boolean(stats.calibration || stats.roc_curve || stats.precision_recall_curve)
    && !(stats.calibration && !tooFew) && !hasCurve(stats.roc_curve?.false_positive_rate) && !hasCurve(stats.precision_recall_curve?.recalls);
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
          <Card title="Confusion matrix" description={outputWording(type).confusionDescription}>
            <ConfusionMatrix matrix={stats.confusion_matrix} labels={labels} />
          </Card>
        ) : null}
        {curvesLeftOut ? (
          <Card title="Not enough data for curves">
            <p className="muted" data-testid="not-enough-data">
              Not enough data: the test split has {testRows ?? 'too few'} row{testRows === 1 ? '' : 's'}, and calibration, ROC and precision–recall curves need at least {MIN_EVALUATION_ROWS} to mean anything. Train on more rows, or give the test split a larger share (preprocessing.split.probabilities).
            </p>
          </Card>
        ) : null}
        {stats.calibration && !tooFew ? (
          <Card title="Calibration" description={`How often it is right when it is this sure. Expected calibration error ${formatMetric(stats.calibration.expected_calibration_error)}.`}>
            <CalibrationChart bins={stats.calibration.bins} />
          </Card>
        ) : null}
        {stats.roc_curve && hasCurve(stats.roc_curve.false_positive_rate) ? (
          <Card title="ROC curve" description="True positives against false positives as the threshold moves; the diagonal is guessing.">
            <CurveChart name="roc" x={stats.roc_curve.false_positive_rate} y={stats.roc_curve.true_positive_rate} xLabel="false positive rate" yLabel="true positive rate" diagonal />
          </Card>
        ) : null}
        {stats.precision_recall_curve && hasCurve(stats.precision_recall_curve.recalls) ? (
          <Card title="Precision–recall curve" description="Precision at each level of recall.">
            <CurveChart name="precision-recall" x={stats.precision_recall_curve.recalls} y={stats.precision_recall_curve.precisions} xLabel="recall" yLabel="precision" />
          </Card>
        ) : null}
      </div>
      {forecasts ? <ForecastChart output={output} forecasts={forecasts} /> : null}
      {stats.per_class_stats ? <Card title="Per class" flush><PerClassTable stats={stats.per_class_stats} /></Card> : null}
    </div>
  );
}
