/**
 * Input drift of a deployment: the rows its prediction log sampled, compared feature by feature with
 * the training data's profile (the dataset the primary run trained on). Numbers are compared on the
 * profile's histogram bins (outer bins open-ended, so values beyond the training range land in
 * them), categories and binaries on the profile's most frequent values plus "other"; missing values
 * are a bucket of their own in both. The score is the population stability index (PSI); numbers also
 * get the Kolmogorov–Smirnov statistic at the bin edges (the training CDF is exact there).
 */

/** PSI conventions (Siddiqi, credit scoring): below 0.1 stable, 0.1–0.2 moderate, 0.2 and above a shift worth acting on. */
export const PSI_MODERATE = 0.1;
export const PSI_DRIFT = 0.2;
/** Fewer logged rows than this say too little to score (PSI's noise on 100 rows of 20 bins is ~0.1). */
export const MIN_DRIFT_ROWS = 100;

/** A share is never taken as 0 in PSI's logarithm. */
const FLOOR = 1e-4;
const MISSING = '(missing)';
const OTHER = '(other)';

export interface TrainingColumn {
  rowCount: number;
  missingCount: number;
  topValues: { value: string; count: number }[];
  histogram: { start: number; end: number; count: number }[] | null;
}

export interface DriftFeature {
  name: string;
  column: string;
  type: string;
}

export type DriftStatus = 'stable' | 'moderate' | 'drift' | 'insufficient' | 'unmeasured';

export interface FeatureDrift {
  feature: string;
  column: string;
  type: string;
  status: DriftStatus;
  /** Logged rows compared. */
  rows: number;
  psi: number | null;
  /** Numbers only: the largest CDF difference at the histogram's bin edges. */
  ks: number | null;
  /** Share of each bucket in the training data and in the logged rows (largest change first). */
  buckets: { label: string; training: number; live: number }[];
  /** Why a feature is not scored (unmeasured, insufficient). */
  reason?: string;
}

export function driftReport(features: readonly DriftFeature[], training: ReadonlyMap<string, TrainingColumn>, rows: readonly Record<string, unknown>[]): FeatureDrift[] {
  return features.map((feature) => featureDrift(feature, training.get(feature.column), rows));
}

function featureDrift(feature: DriftFeature, column: TrainingColumn | undefined, rows: readonly Record<string, unknown>[]): FeatureDrift {
  const base = { feature: feature.name, column: feature.column, type: feature.type, rows: rows.length, psi: null, ks: null, buckets: [] };
  const scored = feature.type === 'number' || feature.type === 'category' || feature.type === 'binary';
  if (!scored) return { ...base, status: 'unmeasured', reason: `${feature.type} features are not scored for drift yet (numbers, categories and binaries are)` };
  if (!column || column.rowCount === 0) return { ...base, status: 'unmeasured', reason: 'the training data has no profile for this column' };
  const values = rows.map((row) => row[feature.column]);
  let compared: { buckets: Bucket[]; ks: number | null } | null;
  if (feature.type === 'number') compared = column.histogram && column.histogram.length > 0 ? numberBuckets(column, column.histogram, values) : null;
  else compared = categoryBuckets(column, values);
  if (!compared) return { ...base, status: 'unmeasured', reason: 'the training profile has no histogram for this column' };
  const buckets = compared.buckets.map((b) => ({ label: b.label, training: b.training, live: rows.length === 0 ? 0 : b.live / rows.length }));
  const sorted = [...buckets].sort((a, b) => Math.abs(b.live - b.training) - Math.abs(a.live - a.training));
  if (rows.length < MIN_DRIFT_ROWS) {
    return { ...base, buckets: sorted, status: 'insufficient', reason: `${rows.length} logged rows; the report needs ${MIN_DRIFT_ROWS} (raise the deployment's logging share, or wait for traffic)` };
  }
  const psi = buckets.reduce((sum, b) => {
    const expected = Math.max(b.training, FLOOR), actual = Math.max(b.live, FLOOR);
    return sum + (actual - expected) * Math.log(actual / expected);
  }, 0);
  const status: DriftStatus = psi >= PSI_DRIFT ? 'drift' : psi >= PSI_MODERATE ? 'moderate' : 'stable';
  return { ...base, buckets: sorted, psi, ks: compared.ks, status };
}

/** A bucket's training share and its logged count. */
interface Bucket {
  label: string;
  training: number;
  live: number;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function numberBuckets(column: TrainingColumn, histogram: NonNullable<TrainingColumn['histogram']>, values: unknown[]): { buckets: Bucket[]; ks: number } {
  const total = column.rowCount;
  const counted = histogram.reduce((sum, bin) => sum + bin.count, 0);
  // The histogram may be of a sample: its bins share what is not missing.
  const present = (total - column.missingCount) / total;
  const buckets: Bucket[] = histogram.map((bin) => ({ label: `${formatEdge(bin.start)} – ${formatEdge(bin.end)}`, training: counted === 0 ? 0 : (present * bin.count) / counted, live: 0 }));
  const missing: Bucket = { label: MISSING, training: column.missingCount / total, live: 0 };
  const live: number[] = [];
  for (const value of values) {
    const number = isMissing(value) ? NaN : typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isFinite(number)) {
      missing.live += 1;
      continue;
    }
    live.push(number);
    let bin = histogram.findIndex((b) => number < b.end);
    if (bin === -1) bin = histogram.length - 1;
    buckets[bin].live += 1;
  }
  // KS over the present values, at each inner edge: training CDF from the bins, live CDF exact.
  live.sort((a, b) => a - b);
  let ks = 0, trainingBelow = 0, liveBelow = 0;
  for (let i = 0; i < histogram.length - 1 && counted > 0 && live.length > 0; i += 1) {
    trainingBelow += histogram[i].count / counted;
    const edge = histogram[i].end;
    while (liveBelow < live.length && live[liveBelow] < edge) liveBelow += 1;
    ks = Math.max(ks, Math.abs(trainingBelow - liveBelow / live.length));
  }
  return { buckets: missing.training > 0 || missing.live > 0 ? [...buckets, missing] : buckets, ks };
}

function categoryBuckets(column: TrainingColumn, values: unknown[]): { buckets: Bucket[]; ks: null } {
  const total = column.rowCount;
  const index = new Map<string, Bucket>();
  const buckets: Bucket[] = column.topValues.map((top) => {
    const bucket = { label: top.value, training: top.count / total, live: 0 };
    index.set(top.value, bucket);
    return bucket;
  });
  const known = buckets.reduce((sum, b) => sum + b.training, 0);
  const missing: Bucket = { label: MISSING, training: column.missingCount / total, live: 0 };
  const other: Bucket = { label: OTHER, training: Math.max(0, 1 - known - missing.training), live: 0 };
  for (const value of values) {
    if (isMissing(value)) {
      missing.live += 1;
      continue;
    }
    const bucket = index.get(typeof value === 'string' ? value : String(value));
    if (bucket) bucket.live += 1;
    else other.live += 1;
  }
  return { buckets: [...buckets, other, missing].filter((b) => b.training > 0 || b.live > 0), ks: null };
}

function formatEdge(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}
