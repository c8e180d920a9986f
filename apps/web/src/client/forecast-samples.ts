/**
 * The forecast sample a run with a timeseries output keeps (`forecast_samples.json`, written by the
 * worker from the trainer's `forecastSamplesFor`): per output, the first test rows' input history,
 * true horizon and predicted horizon, real predictions of the trained model.
 */
export interface ForecastSample {
  row: number;
  history: number[];
  truth: number[];
  forecast: number[];
}

export interface OutputForecasts {
  input: string | null;
  samples: ForecastSample[];
}

const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The samples of one output from the artifact as the API returns it; null when absent or not of this shape. */
export function outputForecasts(artifact: unknown, output: string): OutputForecasts | null {
  if (typeof artifact !== 'object' || artifact === null || !Object.hasOwn(artifact, output)) return null;
  const entry = (artifact as Record<string, unknown>)[output] as { input?: unknown; samples?: unknown } | null;
  if (typeof entry !== 'object' || entry === null || !Array.isArray(entry.samples)) return null;
  const samples = entry.samples.filter((s): s is ForecastSample => typeof s === 'object' && s !== null
    && typeof (s as ForecastSample).row === 'number' && numbers((s as ForecastSample).history) && numbers((s as ForecastSample).truth) && numbers((s as ForecastSample).forecast));
  if (samples.length === 0) return null;
  return { input: typeof entry.input === 'string' ? entry.input : null, samples };
}

export interface ForecastLine {
  key: 'history' | 'truth' | 'forecast';
  label: string;
  points: { x: number; y: number }[];
}

/**
 * One row's chart: steps counted from the forecast origin, the history at −(n−1) … 0 and both
 * horizons at 1 … h. The true and predicted horizons start from the history's last point, so each
 * reads as the continuation of the series (a row without history starts at step 1).
 */
export function forecastLines(sample: ForecastSample): ForecastLine[] {
  const n = sample.history.length;
  const history = sample.history.map((y, i) => ({ x: i - (n - 1), y }));
  const origin = n > 0 ? [{ x: 0, y: sample.history[n - 1] }] : [];
  const ahead = (values: number[]) => [...origin, ...values.map((y, i) => ({ x: i + 1, y }))];
  return [
    ...(n > 0 ? [{ key: 'history' as const, label: 'history', points: history }] : []),
    { key: 'truth', label: 'true horizon', points: ahead(sample.truth) },
    { key: 'forecast', label: 'forecast', points: ahead(sample.forecast) },
  ];
}

/** Mean absolute error of one row's forecast against its truth, over the steps both have. */
export function sampleMae(sample: ForecastSample): number | null {
  const steps = Math.min(sample.truth.length, sample.forecast.length);
  if (steps === 0) return null;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += Math.abs(sample.truth[i] - sample.forecast[i]);
  return sum / steps;
}
