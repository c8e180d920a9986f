import { OvertureError } from './errors.js';
import { outputOnlyTypes, trainableInputTypes, trainableOutputTypes, type FeatureType, type InputFeatureType, type OutputFeatureType } from './feature-types.js';
import type { ColumnProfile, DatasetProfile } from './profile.js';
import type { ModelConfig } from './schema.js';
import { didYouMean } from './suggest.js';

export interface AutoConfigOptions {
  /**
   * A `text` target with at most this many distinct values (and fewer than half the rows) becomes a
   * category output (short labels such as "yes please"/"no thanks"). Default 100.
   */
  maxCategoriesForTextTarget?: number;
}

export interface ExcludedColumn {
  name: string;
  /** Why, in words shown to the user. */
  reason: string;
  /** Set when the column's type is what keeps it out: changing the type can bring it in. */
  unusableType?: FeatureType;
}

export interface AutoConfigResult {
  config: ModelConfig;
  /** Columns left out of the inputs, each with a reason shown to the user. */
  excludedColumns: ExcludedColumn[];
}

const splitValues = new Set(['0', '1', '2', 'train', 'training', 'validation', 'val', 'valid', 'test']);

/** A column named `split` whose values all name a split (0/1/2, train/validation/test…) — Ludwig's fixed split. */
function isSplitColumn(column: ColumnProfile): boolean {
  if (column.name.toLowerCase() !== 'split') return false;
  // topValues holds at most 20 values; a split column has at most 9 distinct spellings.
  if (column.distinctCount === 0 || column.distinctCount > column.topValues.length) return false;
  return column.topValues.every((v) => splitValues.has(v.value.trim().toLowerCase()));
}

/**
 * The output types auto-config writes from a column alone: all of them. A text or sequence target is
 * written bare, so it gets Ludwig's default decoder, the generator (it writes the text from the
 * combined inputs; a tagger needs an input aligned with it token by token, which a person chooses).
 */
const autoOutputTypes = trainableOutputTypes;

function outputTypeOf(column: ColumnProfile, maxCategories: number): OutputFeatureType | undefined {
  const type = column.inferredType;
  // Short text labels that repeat are categories (like Ludwig's rule: distinct < 50% of the non-missing rows).
  if (type === 'text' && column.distinctCount <= maxCategories && column.distinctCount < 0.5 * (column.rowCount - column.missingCount)) return 'category';
  if ((autoOutputTypes as readonly string[]).includes(type)) return type as OutputFeatureType;
  return undefined;
}

/**
 * Why a column cannot be the output auto-config writes, in words for the user (what to do
 * included), or undefined when it can. Browser-safe: the train screen asks it of every column.
 */
export function targetProblem(column: ColumnProfile, options: AutoConfigOptions = {}): string | undefined {
  if (column.rowCount > 0 && column.missingCount >= column.rowCount) return `Target column '${column.name}' is empty: every value is missing.`;
  if (column.distinctCount < 2) return `Target column '${column.name}' has a single value, so there is nothing to predict.`;
  if (outputTypeOf(column, options.maxCategoriesForTextTarget ?? 100)) return undefined;
  const usable = autoOutputTypes.join(', ');
  return `Target '${column.name}' looks like ${column.inferredType} data (${column.inferenceReason}); ${column.inferredType} outputs are not supported yet. If its values are labels or numbers, change its type to one of ${usable}.`;
}

/**
 * A starting config from a dataset profile and the chosen target column(s), like Ludwig's
 * `init_config`: targets become outputs of their inferred type, the other usable columns inputs.
 * Only what differs from the schema defaults is written, so the config stays short and readable.
 */
export function autoConfig(profile: DatasetProfile, targets: string[], options: AutoConfigOptions = {}): AutoConfigResult {
  const maxCategories = options.maxCategoriesForTextTarget ?? 100;
  if (targets.length === 0) {
    throw new OvertureError('invalid_input', 'Choose at least one target column to predict.', [{ message: 'no target column given' }]);
  }
  const byName = new Map(profile.columns.map((c) => [c.name, c]));
  const names = profile.columns.map((c) => c.name);

  const output_features: NonNullable<ModelConfig['output_features']> = [];
  for (const target of targets) {
    const column = byName.get(target);
    if (!column) {
      const suggestion = didYouMean(target, names);
      throw new OvertureError('invalid_input', `Target column '${target}' is not in the dataset${suggestion ? ` (${suggestion})` : ''}.`, [
        { path: target, message: `no column named '${target}'`, suggestion },
      ]);
    }
    const problem = targetProblem(column, options);
    if (problem) {
      const unsupported = column.distinctCount >= 2 && !(column.rowCount > 0 && column.missingCount >= column.rowCount);
      throw new OvertureError(unsupported ? 'unsupported' : 'invalid_data', problem, [
        { path: target, message: unsupported ? `${column.inferredType} targets are not supported yet` : problem },
      ]);
    }
    output_features.push({ name: target, type: outputTypeOf(column, maxCategories) as never });
  }

  const excludedColumns: AutoConfigResult['excludedColumns'] = [];
  const input_features: NonNullable<ModelConfig['input_features']> = [];
  let splitColumn: string | undefined;
  const targetSet = new Set(targets);
  for (const column of profile.columns) {
    if (targetSet.has(column.name)) continue;
    if (isSplitColumn(column)) {
      splitColumn = column.name;
      excludedColumns.push({ name: column.name, reason: 'used as the fixed split (0/train, 1/validation, 2/test)' });
      continue;
    }
    const excluded = exclusionOf(column);
    if (excluded) {
      excludedColumns.push({ name: column.name, ...excluded });
      continue;
    }
    input_features.push(inputFeatureFor(column.name, column.inferredType as InputFeatureType));
  }

  const config: ModelConfig = {
    input_features,
    output_features,
    ...tabularModel(input_features.map((f) => f.type)),
  };
  if (splitColumn) config.preprocessing = { split: { type: 'fixed', column: splitColumn } };
  return { config, excludedColumns };
}

/**
 * Ludwig's AutoML picks a stronger tabular model than the plain defaults (a linear model: concat
 * with no FC layers), and so do we; every choice lands in the config the user sees and edits.
 * Measured on the tabular datasets of the quality benchmark (bench/quality.ts) against XGBoost:
 * - two FC layers of 256 with dropout 0.1 in the combiner: the defaults underfit every regression
 *   target. No batch norm: with the small batches small tables get (16 rows for cars), its batch
 *   statistics are noise; removing it gained 6 points of accuracy on cars.Origin (8 seeds), and
 *   layer norm did no better;
 * - numbers through piecewise linear encoding over 32 quantile bins into 32 values (`ple`,
 *   Gorishniy et al. 2022): thresholds and skewed columns (precipitation, displacement) are what
 *   trees do well and a z-scored input does badly;
 * - dates through `wave` (sine/cosine of each part): the `embed` tables (366 days of the year,
 *   31 days) overfit small datasets;
 * - AdamW with weight decay 0.1 (0.01 lost 1–4 points on cars.Origin and seattle_weather), the
 *   learning rate from the range test, and early_stop 30: validation sets of a few dozen rows
 *   give noisy metrics that plateau for many evaluations.
 */
function tabularModel(types: string[]): Pick<ModelConfig, 'combiner' | 'trainer' | 'defaults'> {
  const defaults: NonNullable<ModelConfig['defaults']> = {};
  if (types.includes('number')) defaults.number = { encoder: { type: 'ple', num_bins: 32, output_size: 32 } };
  if (types.includes('date')) defaults.date = { encoder: { type: 'wave' } };
  return {
    combiner: { type: 'concat', num_fc_layers: 2, output_size: 256, dropout: 0.1 },
    trainer: { early_stop: 30, learning_rate: 'auto', optimizer: { type: 'adamw', weight_decay: 0.1 } },
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
  };
}

/**
 * Text inputs name their encoder: tf_idf is written out so that the config says what the model is
 * rather than depend on a default that differs from Ludwig's (parallel_cnn, which trains too).
 */
function inputFeatureFor(name: string, type: InputFeatureType): NonNullable<ModelConfig['input_features']>[number] {
  if (type === 'text') return { name, type, encoder: { type: 'tf_idf' } };
  return { name, type };
}

function exclusionOf(column: ColumnProfile): Omit<ExcludedColumn, 'name'> | undefined {
  if (column.idLike) return { reason: 'looks like an ID: unique per row' };
  if (column.distinctCount === 0) return { reason: 'is empty: every value is missing' };
  if (column.distinctCount < 2) return { reason: 'has a single value' };
  const type: FeatureType = column.inferredType;
  // What the trainer can read decides, not a list here: a type that becomes trainable joins the inputs.
  if ((outputOnlyTypes as readonly string[]).includes(type)) {
    return { reason: `typed ${type}, which can only be an output (as in Ludwig)`, unusableType: type };
  }
  if (!(trainableInputTypes as readonly string[]).includes(type)) {
    return { reason: `inferred as ${type} (${column.inferenceReason}); ${type} inputs are not supported yet`, unusableType: type };
  }
  return undefined;
}
