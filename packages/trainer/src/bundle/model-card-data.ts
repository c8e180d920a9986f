import type { ResolvedConfig } from '@overture/config';
import type { PreprocessingReport } from '../preprocessing/index.js';
import type { FeatureImportanceReport } from '../api/feature-importance.js';
import type { BundleManifest } from './format.js';
import type { CalibrationReport } from '../calibration/report.js';

type SplitName = 'training' | 'validation' | 'test';
const splitNames: SplitName[] = ['training', 'validation', 'test'];

/**
 * What a model card says, as data (`card.json`); `card.md` is rendered from it, and the web's
 * model page and `overture describe --json` read it. Plain JSON: no class instances.
 */
export interface ModelCard {
  card_version: 1;
  created: string;
  overture_version: string;
  backend: string;
  seed: number;
  parameters: number;
  dataset: string | null;
  outputs: { name: string; type: string; dependencies: string[] }[];
  inputs: { name: string; type: string; encoder: string }[];
  intended_use: string[];
  data: {
    /** Null for bundles saved without the preprocessing report. */
    rows: { total: number; used: number; dropped: number } | null;
    split: { method: string; detail: string; sizes: Record<SplitName, number> | null };
    missing_values_filled: Record<string, number>;
    dropped_rows: { feature: string; reason: string; count: number }[];
  };
  training: {
    combiner: string;
    optimizer: string;
    batch_size: string;
    learning_rate: string;
    epochs: number | null;
    steps: number | null;
    stop_reason: string | null;
    /** The epoch whose weights the bundle holds (best validation metric), 1-based. */
    best_epoch: number | null;
    /** The step after which those weights were evaluated. */
    best_step: number | null;
    watched: string | null;
  };
  /** Each output's metrics at the evaluation whose weights the bundle holds, per split (from training_statistics.json). */
  metrics_per_split: { output: string; metric: string; values: Record<SplitName, number | null> }[];
  /** Scalar test metrics of the held-out test split (test_statistics.json); null when it was empty. */
  test_metrics: Record<string, Record<string, number>> | null;
  feature_importance: FeatureImportanceReport | null;
  /** Temperatures of `calibration: true` outputs (bundle.json's record); absent when no output asks. */
  calibration?: CalibrationReport;
  limitations: string[];
}

export interface ModelCardInputs {
  config: ResolvedConfig;
  manifest: BundleManifest;
  progress: Record<string, unknown>;
  statistics?: unknown;
  testStatistics?: Record<string, unknown> | null;
  report?: PreprocessingReport;
  featureImportance?: FeatureImportanceReport | null;
  datasetName?: string;
}

const SMALL_TRAINING_SET = 1000;
const IMBALANCE_RATIO = 0.1;
const MISSING_SHARE = 0.2;

function splitDetail(config: ResolvedConfig, seed: number): { method: string; detail: string } {
  const split = config.preprocessing.split;
  const pct = (p: readonly number[]) => p.map((v) => `${Math.round(v * 100)}%`).join(' / ');
  switch (split.type) {
    case 'random': return { method: 'random', detail: `${pct(split.probabilities)} of rows at random (seed ${seed})` };
    case 'fixed': return { method: 'fixed', detail: `from the column ${split.column}` };
    case 'stratify': return { method: 'stratify', detail: `${pct(split.probabilities)}, keeping the proportions of ${split.column}` };
    case 'datetime': return { method: 'datetime', detail: `${pct(split.probabilities)}, oldest rows of ${split.column} to training, newest to test` };
    case 'hash': return { method: 'hash', detail: `${pct(split.probabilities)} by a hash of ${split.column}` };
  }
}

/**
 * Which evaluation's weights the bundle holds: the first whose watched metric equals the best
 * value in training_progress.json (evaluations may be per epoch or per N steps); else the last.
 */
function bestEvaluation(stats: Partial<Record<SplitName, Record<string, Record<string, number[]>>>>, progress: Record<string, unknown>): number | null {
  const field = String(progress.validation_field ?? '');
  const metric = String(progress.validation_metric ?? '');
  const series = stats.validation?.[field]?.[metric] ?? stats.validation?.[field]?.loss ?? stats.training?.[field]?.[metric] ?? stats.training?.[field]?.loss;
  if (!series?.length) return null;
  const found = series.findIndex((v) => v === progress.best_eval_metric_value);
  return found >= 0 ? found : series.length - 1;
}

function metricsAtBest(statistics: unknown, config: ResolvedConfig, progress: Record<string, unknown>): ModelCard['metrics_per_split'] {
  if (!statistics || typeof statistics !== 'object') return [];
  const stats = statistics as Partial<Record<SplitName, Record<string, Record<string, number[]>>>>;
  const index = bestEvaluation(stats, progress);
  if (index === null) return [];
  const rows: ModelCard['metrics_per_split'] = [];
  for (const { name } of config.output_features) {
    const metrics = [...new Set(splitNames.flatMap((s) => Object.keys(stats[s]?.[name] ?? {})))];
    for (const metric of metrics) {
      const values = Object.fromEntries(splitNames.map((s) => {
        const v = stats[s]?.[name]?.[metric]?.[index];
        return [s, typeof v === 'number' && Number.isFinite(v) ? v : null];
      })) as Record<SplitName, number | null>;
      rows.push({ output: name, metric, values });
    }
  }
  return rows;
}

function scalarTestMetrics(config: ResolvedConfig, testStatistics: Record<string, unknown> | null | undefined): ModelCard['test_metrics'] {
  if (!testStatistics) return null;
  const out: Record<string, Record<string, number>> = {};
  for (const { name } of config.output_features) {
    const stats = testStatistics[name];
    if (!stats || typeof stats !== 'object') continue;
    out[name] = Object.fromEntries(Object.entries(stats).filter((e): e is [string, number] => typeof e[1] === 'number'));
  }
  return out;
}

function intendedUse(config: ResolvedConfig, dataset: string | null): string[] {
  const outputs = config.output_features.map((f) => `${f.name} (${f.type})`).join(', ');
  const inputs = config.input_features.map((f) => f.name).join(', ');
  return [
    `Predicts ${outputs} from ${inputs}, for rows drawn from the same population as ${dataset ?? 'the training data'}.`,
    // Plain text (no Markdown): the web shows these lines as they are.
    'Use it through overture predict, overture serve or a deployment\'s POST /predict; each request needs the input columns above, with the same meaning and units as in training.',
    'Its metrics describe rows like the test split; check them on your own recent data before relying on it for decisions, and keep a person in the loop where a wrong prediction harms someone.',
  ];
}

/** What a reader should know before trusting the model, derived from its data and training. */
function limitations(inputs: ModelCardInputs, card: Omit<ModelCard, 'limitations'>): string[] {
  const notes: string[] = [];
  const sizes = card.data.split.sizes;
  if (sizes && sizes.training < SMALL_TRAINING_SET) notes.push(`Trained on ${sizes.training.toLocaleString('en-US')} rows: small for a neural network, so metrics vary with the split and the seed.`);
  if (sizes && sizes.validation === 0) notes.push('No validation rows: early stopping and the choice of weights watched the training loss, which favours overfitting.');
  if (!card.test_metrics) notes.push('No test rows: the model has no held-out evaluation.');
  if (card.training.stop_reason === 'completed' && card.training.best_epoch !== null && card.training.epochs !== null && card.training.best_epoch === card.training.epochs) {
    notes.push('The watched metric was still improving at the last epoch: more epochs may give a better model.');
  }
  if (card.training.stop_reason === 'cancelled') notes.push('Training was cancelled before it finished.');
  for (const { name } of inputs.config.output_features) {
    const perClass = (inputs.testStatistics?.[name] as { per_class_stats?: Record<string, { support?: number }> } | undefined)?.per_class_stats;
    const supports = Object.entries(perClass ?? {}).map(([label, s]) => [label, s.support ?? 0] as const);
    if (supports.length < 2) continue;
    const [rarest, fewest] = supports.reduce((a, b) => (b[1] < a[1] ? b : a));
    const most = Math.max(...supports.map((s) => s[1]));
    if (most > 0 && fewest / most < IMBALANCE_RATIO) notes.push(`${name} is imbalanced: its rarest class ${rarest} has ${fewest} test rows against ${most} for the most common, so its accuracy mostly reflects the common classes; look at per-class recall.`);
  }
  const used = card.data.rows?.used ?? 0;
  for (const [feature, count] of Object.entries(card.data.missing_values_filled)) {
    if (used > 0 && count / used >= MISSING_SHARE) notes.push(`${feature} was missing in ${Math.round((count / used) * 100)}% of rows and filled by its missing_value_strategy; predictions lean on that fill.`);
  }
  const dropped = card.data.rows?.dropped ?? 0;
  if (dropped > 0) notes.push(`${dropped.toLocaleString('en-US')} rows were dropped in preprocessing (${card.data.dropped_rows.map((d) => `${d.count} for ${d.reason.replace('_', ' ')} in ${d.feature}`).join(', ')}); rows like them are outside what the model saw.`);
  const useless = (inputs.featureImportance?.features ?? []).filter((f) => f.importance <= 0).map((f) => f.feature);
  if (useless.length) notes.push(`Shuffling ${useless.join(', ')} did not worsen the ${inputs.featureImportance!.metric}: the model does not use ${useless.length === 1 ? 'it' : 'them'} (or ${useless.length === 1 ? 'it carries' : 'they carry'} no signal here).`);
  notes.push('Numbers outside the ranges seen in training, and categories not in the training vocabulary, are extrapolated or mapped to the unknown token.');
  return notes;
}

export function buildModelCard(inputs: ModelCardInputs): ModelCard {
  const { config, manifest, progress, report } = inputs;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const bestSteps = num(progress.best_eval_metric_steps);
  const perEpoch = num(progress.steps_per_epoch);
  const bestEpoch = bestSteps !== null && bestSteps > 0 && perEpoch ? Math.ceil(bestSteps / perEpoch) : num(progress.epoch);
  const dataset = inputs.datasetName ?? null;
  const split = splitDetail(config, manifest.seed);
  const card: Omit<ModelCard, 'limitations'> = {
    card_version: 1,
    created: manifest.created,
    overture_version: manifest.overture_version,
    backend: manifest.backend,
    seed: manifest.seed,
    parameters: manifest.parameters,
    dataset,
    outputs: config.output_features.map((f) => ({ name: f.name, type: f.type, dependencies: [...f.dependencies] })),
    inputs: config.input_features.map((f) => ({ name: f.name, type: f.type, encoder: f.encoder.type })),
    intended_use: intendedUse(config, dataset),
    data: {
      rows: report ? { total: report.rows.total, used: report.rows.final, dropped: report.droppedRows.reduce((s, d) => s + d.count, 0) } : null,
      split: { ...split, sizes: report ? { training: report.split.train, validation: report.split.validation, test: report.split.test } : null },
      missing_values_filled: Object.fromEntries(Object.entries(report?.missingValuesFilled ?? {}).filter(([, n]) => n > 0)),
      dropped_rows: (report?.droppedRows ?? []).map((d) => ({ ...d })),
    },
    training: {
      combiner: config.combiner.type,
      optimizer: config.trainer.optimizer.type,
      batch_size: String(config.trainer.batch_size),
      learning_rate: String(config.trainer.learning_rate),
      epochs: num(progress.epoch),
      steps: num(progress.steps),
      stop_reason: typeof progress.stop_reason === 'string' ? progress.stop_reason : null,
      best_epoch: bestEpoch,
      best_step: bestSteps,
      watched: typeof progress.validation_field === 'string' ? `${progress.validation_field} ${String(progress.validation_metric)}` : null,
    },
    metrics_per_split: metricsAtBest(inputs.statistics, config, progress),
    test_metrics: scalarTestMetrics(config, inputs.testStatistics),
    feature_importance: inputs.featureImportance ?? null,
    ...(manifest.calibration ? { calibration: manifest.calibration } : {}),
  };
  return { ...card, limitations: limitations(inputs, card) };
}
