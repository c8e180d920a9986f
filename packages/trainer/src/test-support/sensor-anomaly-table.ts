import type { RawTable } from '../data/table.js';
import { SeededRandom } from '../util/random.js';

export const sensorColumns = ['sensor_a', 'sensor_b', 'sensor_c', 'timestamp_hour'] as const;

export interface SensorTableOptions {
  /** Rows per split: training, validation, test. */
  rows: [number, number, number];
  /** Fraction of anomalies in the validation and test splits (and in training when `trainingAnomalies`). */
  anomalyRate?: number;
  /** Labeled anomalies in the training split (Deep SAD's semi-supervised setting); else training is all normal. */
  trainingAnomalies?: number;
  /** Leave the training labels empty (unlabeled), as a one-class training set usually is. */
  unlabeledTraining?: boolean;
}

/**
 * The sensor data of Ludwig's examples/anomaly_detection: four numbers, normal rows from a
 * standard Gaussian, anomalies offset by 5 along a random direction, so they are separable. A
 * fixed `split` column; `anomaly` holds 0 / 1 (or empty for unlabeled training rows).
 */
export function sensorAnomalyTable(seed: number, options: SensorTableOptions): RawTable {
  const rng = new SeededRandom(seed);
  const rate = options.anomalyRate ?? 0.1;
  const data: Record<string, (string | null)[]> = { split: [], anomaly: [] };
  for (const c of sensorColumns) data[c] = [];
  options.rows.forEach((count, split) => {
    for (let i = 0; i < count; i++) {
      const anomaly = split === 0 ? i < (options.trainingAnomalies ?? 0) : rng.next() < rate;
      const direction = sensorColumns.map(() => rng.nextGaussian());
      const norm = Math.hypot(...direction);
      sensorColumns.forEach((c, k) => {
        const offset = anomaly ? (5 * direction[k]) / norm : 0;
        data[c].push((rng.nextGaussian() + offset).toFixed(4));
      });
      data.split.push(String(split));
      data.anomaly.push(split === 0 && options.unlabeledTraining && !anomaly ? null : anomaly ? '1' : '0');
    }
  });
  const rowCount = options.rows[0] + options.rows[1] + options.rows[2];
  return { columns: Object.keys(data), rowCount, data };
}
