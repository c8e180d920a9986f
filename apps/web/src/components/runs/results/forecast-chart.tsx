'use client';
import { useState } from 'react';
import { formatMetric } from '@/client/format';
import { forecastLines, sampleMae, type OutputForecasts } from '@/client/forecast-samples';
import { LineSeriesChart } from '../../charts/line-series-chart';
import { Card } from '../../ui/card';

/** Rows offered in the chart's row picker (the artifact keeps up to 20). */
const ROWS_SHOWN = 6;
const colors = { history: '#495057', truth: '#2f9e44', forecast: '#e8590c' } as const;

/** A few test rows of a timeseries output: the input history, the true horizon and the model's forecast. */
export function ForecastChart({ output, forecasts }: { output: string; forecasts: OutputForecasts }) {
  const rows = forecasts.samples.slice(0, ROWS_SHOWN);
  const [picked, setPicked] = useState(0);
  const sample = rows[Math.min(picked, rows.length - 1)];
  const mae = sampleMae(sample);
  const lines = forecastLines(sample).map((line) => ({ ...line, color: colors[line.key], dashed: line.key === 'forecast' }));
  return (
    <Card
      title="Forecasts on test rows"
      description={`${forecasts.input ? `The history of ${forecasts.input}, ` : ''}the true ${output} and the model's forecast for the first test rows; step 0 is the last observed value.`}
    >
      <div className="row" role="group" aria-label="Test row" style={{ flexWrap: 'wrap', gap: '0.35rem', marginBottom: '0.5rem' }}>
        {rows.map((s, i) => (
          <button key={s.row} type="button" className={`btn btn-small${i === picked ? ' btn-primary' : ''}`} aria-pressed={i === picked} onClick={() => setPicked(i)}>
            row {s.row}
          </button>
        ))}
      </div>
      <LineSeriesChart name="forecast" lines={lines} xLabel="step" yLabel={output} />
      {mae !== null ? <p className="muted small" data-testid="forecast-mae">Mean absolute error of this row&apos;s forecast: {formatMetric(mae)}</p> : null}
    </Card>
  );
}
