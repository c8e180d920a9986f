import type { ProcessedDataset } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { predictRows } from '../evaluation/predict.js';
import { dictionary } from '../util/dictionary.js';

/** One test row of a forecast: the input series the model read, the true horizon and the model's. */
export interface ForecastSample {
  /** Row of the preprocessed dataset (0-based). */
  row: number;
  history: number[];
  truth: number[];
  forecast: number[];
}

/** Per timeseries output: which input supplied the history, and the samples. */
export interface ForecastSamples {
  [output: string]: { input: string | null; samples: ForecastSample[] };
}

/** Rows kept per output: enough to eyeball a forecast, small enough to ship with the run page. */
export const FORECAST_SAMPLE_ROWS = 20;

const round = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * A small sample of the real forecasts of a trained model on `rows` (the test split), for the run
 * page's forecast chart: for each timeseries output, the first `limit` rows' history (the timeseries
 * input reading the output's column, as `window_size` + `horizon` on one column do, else the first
 * timeseries input), true horizon and predicted horizon. Empty when the model has no timeseries output.
 */
export function forecastSamplesFor(model: EcdModel, dataset: ProcessedDataset, rows: Int32Array, limit = FORECAST_SAMPLE_ROWS): ForecastSamples {
  const outputs = model.outputFeatures.filter((f) => f.type === 'timeseries');
  const samples: ForecastSamples = dictionary();
  if (outputs.length === 0 || rows.length === 0) return samples;
  const kept = rows.subarray(0, Math.min(limit, rows.length));
  const predicted = predictRows(model, dataset, kept, kept.length).outputs;
  const seriesInputs = model.inputFeatures.filter((f) => f.type === 'timeseries');
  for (const output of outputs) {
    const input = seriesInputs.find((f) => f.column === output.column) ?? seriesInputs[0] ?? null;
    const history = input ? dataset.features[input.name] : null;
    const historyWidth = history ? history.width : 0;
    const truth = dataset.features[output.name];
    const { values, width } = predicted[output.name];
    samples[output.name] = {
      input: input?.name ?? null,
      samples: Array.from(kept, (row, i) => ({
        row,
        history: history ? Array.from(history.values.subarray(row * historyWidth, (row + 1) * historyWidth), round) : [],
        truth: truth ? Array.from(truth.values.subarray(row * truth.width, (row + 1) * truth.width), round) : [],
        forecast: Array.from(values.subarray(i * width, (i + 1) * width), round),
      })),
    };
  }
  return samples;
}
