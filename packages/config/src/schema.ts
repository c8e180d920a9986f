import { z } from 'zod';
import { doc } from './common.js';
import { comparatorEntityProblems, ZCombiner, type CombinerConfig } from './combiners/index.js';
import { ZDefaults } from './defaults.js';
import { ZInputFeature, ZOutputFeature, type InputFeatureConfig, type OutputFeatureConfig } from './features/index.js';
import { ZHyperopt } from './hyperopt.js';
import { ZGlobalPreprocessing } from './preprocessing.js';
import { lossBalancingProblem, ZTrainer, type TrainerConfig } from './trainer.js';

/** The whole model config: what users write (input side) and, parsed, every default filled (output side). */
export const ZModelConfig = z.strictObject({
  overture_version: doc(z.string().optional(), 'Version of the config language; stamped on resolved configs and used to upgrade old ones.'),
  model_type: doc(z.enum(['ecd', 'gbm', 'llm']).default('ecd'), 'Model family. Only ecd (encoder-combiner-decoder) is supported.'),
  ludwig_version: doc(z.string().optional(), 'Ludwig version that wrote the config; accepted and ignored.'),
  backend: doc(z.unknown().optional(), 'Ludwig execution backend; accepted and ignored.'),
  preset: doc(z.string().nullable().optional(), 'Ludwig quality preset; accepted and ignored.'),
  input_features: doc(z.array(ZInputFeature).min(1, 'at least one input feature is required'), 'Columns the model reads.', {
    commonly_used: true,
  }),
  output_features: doc(z.array(ZOutputFeature).min(1, 'at least one output feature is required'), 'Columns the model predicts.', {
    commonly_used: true,
  }),
  combiner: doc(ZCombiner.prefault({ type: 'concat' }), 'How the encoder outputs are combined before the decoders.', { commonly_used: true }),
  trainer: doc(ZTrainer.prefault({}), 'Training loop parameters.', { commonly_used: true }),
  preprocessing: doc(ZGlobalPreprocessing.prefault({}), 'Dataset-level preprocessing: sampling and the train/validation/test split.'),
  defaults: doc(ZDefaults.prefault({}), 'Per feature type defaults for preprocessing, encoder, decoder and loss.'),
  hyperopt: doc(ZHyperopt.nullable().default(null), 'Hyperparameter search, run by `overture hyperopt` (train and experiment ignore it, as in Ludwig).'),
}).superRefine((config, ctx) => {
  // Needs the output features, so it cannot live in the trainer's own schema.
  const problem = lossBalancingProblem(config.trainer.loss_balancing, config.output_features.length);
  if (problem) ctx.addIssue({ code: 'custom', path: ['trainer', 'loss_balancing'], message: problem });
  if (config.combiner.type === 'comparator') {
    for (const p of comparatorEntityProblems(config.combiner, config.input_features.map((f) => f.name))) ctx.addIssue({ code: 'custom', path: ['combiner', ...p.path], message: p.message });
  }
});

/** What a user writes: every field with a default is optional. */
export type ModelConfig = z.input<typeof ZModelConfig>;

type ParsedConfig = z.output<typeof ZModelConfig>;

/**
 * A resolved config: all defaults filled, validated, and narrowed to what Overture trains
 * (validation refuses the rest). Stored with every run.
 */
export type ResolvedConfig = Omit<
  ParsedConfig,
  'overture_version' | 'model_type' | 'input_features' | 'output_features' | 'combiner' | 'trainer'
> & {
  overture_version: string;
  model_type: 'ecd';
  input_features: InputFeatureConfig[];
  output_features: OutputFeatureConfig[];
  combiner: CombinerConfig;
  trainer: TrainerConfig;
};
