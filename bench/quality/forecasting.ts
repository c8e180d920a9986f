import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { normal, seededRandom } from '../lib/random.js';
import { mean } from '../lib/stats.js';
import { readMetric, runExperiment } from './experiment.js';

/**
 * A generated forecasting task: one column of hourly observations (a daily season of two
 * harmonics, a linear trend, Gaussian noise), forecast `HORIZON` steps ahead from a `WINDOW`-step
 * history with Ludwig's column-major timeseries (`window_size` on the input, `horizon` on the
 * output, the same column), split in time: the first 70 % trains, the next 10 % validates, the
 * last 20 % is scored. The reference, computed on exactly the scored rows, is seasonal naive with
 * a linear drift: each step repeats the value one season earlier, plus one season of the trend
 * between the history's last two seasons.
 */
export const ROWS = 2000;
export const PERIOD = 24;
export const WINDOW = 48;
export const HORIZON = 6;
const NOISE = 0.5;

export interface ForecastingResult {
  task: string;
  seeds: number[];
  /** Test MAE of the model per seed (Ludwig's mean_absolute_error over every forecast step). */
  model_mae: number[];
  /** Seasonal naive + linear drift on the same rows and steps, per seed (each seed has its own series). */
  reference_mae: number[];
  /** mean(model) / mean(reference); the issue asks ≤ 1.10. */
  ratio: number;
  pass: boolean;
  seconds: number;
}

export function generateSeries(seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: ROWS }, (_, t) => {
    const phase = (2 * Math.PI * t) / PERIOD;
    return 20 + 0.01 * t + 3 * Math.sin(phase) + 1.2 * Math.cos(2 * phase + 0.7) + NOISE * normal(random);
  });
}

/** Split of each row: 0 train (first 70 %), 1 validation, 2 test (last 20 %). */
export const splitOf = (t: number): number => (t < 0.7 * ROWS ? 0 : t < 0.8 * ROWS ? 1 : 2);

/**
 * The CSV: `load` (the observations, read by the input's window) and `load_target` (the same
 * observations, read by the output's horizon), whose first WINDOW − 1 cells are blank: a row
 * whose window would reach before the series starts (Ludwig pads it with padding_value) then has
 * a missing target and is dropped, so no model fits a forecast of 20 from a window of zeros.
 */
export function forecastingCsv(series: readonly number[]): string {
  const lines = ['load,load_target,split', ...series.map((v, t) => `${v.toFixed(4)},${t < WINDOW - 1 ? '' : v.toFixed(4)},${splitOf(t)}`)];
  return `${lines.join('\n')}\n`;
}

/** The scored rows: test rows with a full window behind them and a full horizon after them. */
export const scoredRows = (): number[] =>
  Array.from({ length: ROWS }, (_, t) => t).filter((t) => splitOf(t) === 2 && t + HORIZON < ROWS && t - WINDOW + 1 >= 0);

/**
 * Seasonal naive with linear drift from the WINDOW values ending at row t, for steps t+1 … t+HORIZON:
 * the value one season earlier plus one season of trend, the trend being the difference between
 * the means of the last two whole seasons of the history (a least-squares line through a seasonal
 * window would carry the season's own tilt).
 */
export function referenceForecast(series: readonly number[], t: number): number[] {
  const history = series.slice(t - WINDOW + 1, t + 1);
  const last = mean(history.slice(WINDOW - PERIOD));
  const previous = mean(history.slice(WINDOW - 2 * PERIOD, WINDOW - PERIOD));
  return Array.from({ length: HORIZON }, (_, k) => series[t + 1 + k - PERIOD] + (last - previous));
}

export function referenceMae(series: readonly number[]): number {
  let total = 0;
  let count = 0;
  for (const t of scoredRows()) {
    const forecast = referenceForecast(series, t);
    for (let k = 0; k < HORIZON; k++) {
      total += Math.abs(forecast[k] - series[t + 1 + k]);
      count++;
    }
  }
  return total / count;
}

/** Ludwig's forecasting example, with the history window and horizon of this task. */
export const forecastingConfig = {
  input_features: [{ name: 'load', type: 'timeseries', preprocessing: { window_size: WINDOW }, encoder: { type: 'passthrough' } }],
  output_features: [{ name: 'load_next', type: 'timeseries', column: 'load_target', preprocessing: { horizon: HORIZON } }],
  combiner: { type: 'concat' },
  preprocessing: { split: { type: 'fixed', column: 'split' } },
  trainer: { epochs: 100, batch_size: 32, learning_rate: 0.003, early_stop: 20, learning_rate_scheduler: { reduce_on_plateau: 5, reduce_on_plateau_patience: 3, reduce_on_plateau_rate: 0.3 } },
};

export async function runForecasting(workDir: string, seeds: number[]): Promise<ForecastingResult> {
  const dir = join(workDir, 'forecasting');
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'config.yaml');
  await writeFile(config, stringify(forecastingConfig));
  const modelMae: number[] = [];
  const referenceMaes: number[] = [];
  const times: number[] = [];
  for (const seed of seeds) {
    const series = generateSeries(seed);
    // The test rows whose horizon runs past the last row have no full target: preprocessing drops them, as scoredRows does.
    const csv = join(dir, `series-${seed}.csv`);
    await writeFile(csv, forecastingCsv(series));
    const { stats, seconds } = await runExperiment(config, csv, join(dir, `out-${seed}`), seed);
    modelMae.push(readMetric(stats, 'load_next', 'mean_absolute_error'));
    referenceMaes.push(referenceMae(series));
    times.push(seconds);
  }
  const ratio = mean(modelMae) / mean(referenceMaes);
  return {
    task: `generated hourly series (${ROWS} rows, season ${PERIOD}, trend, noise σ ${NOISE}): window ${WINDOW} → horizon ${HORIZON}`,
    seeds, model_mae: modelMae, reference_mae: referenceMaes, ratio, pass: ratio <= 1.1, seconds: mean(times),
  };
}
