import type { CombinerConfig } from '@overture/config';
import type { Combiner, CombinerBuildArgs, CombinerFactory } from './combiner.js';
import { concatCombiner } from './concat.js';
import { ftTransformerCombiner } from './ft-transformer.js';
import { tabTransformerCombiner } from './tab-transformer.js';
import { transformerCombiner } from './transformer.js';
import { tabnetCombiner } from './tabnet.js';
import { comparatorCombiner } from './comparator.js';
import { projectAggregateCombiner } from './project-aggregate.js';
import { hyperNetworkCombiner } from './hypernetwork.js';
import { gatedFusionCombiner } from './gated-fusion.js';
import { crossAttentionCombiner } from './cross-attention.js';
import { perceiverCombiner } from './perceiver.js';
import { sequenceConcatCombiner } from './sequence-concat.js';

/** tfjs combiners keyed by the config's `combiner.type`. */
export const combiners = {
  concat: concatCombiner,
  transformer: transformerCombiner,
  ft_transformer: ftTransformerCombiner,
  tabtransformer: tabTransformerCombiner,
  tabnet: tabnetCombiner,
  comparator: comparatorCombiner,
  project_aggregate: projectAggregateCombiner,
  hypernetwork: hyperNetworkCombiner,
  gated_fusion: gatedFusionCombiner,
  cross_attention: crossAttentionCombiner,
  perceiver: perceiverCombiner,
  sequence_concat: sequenceConcatCombiner,
} satisfies { [K in CombinerConfig['type']]: CombinerFactory<Extract<CombinerConfig, { type: K }>> };

export function createCombiner(args: CombinerBuildArgs<CombinerConfig>): Combiner {
  const factory = combiners[args.config.type] as CombinerFactory<CombinerConfig>;
  return factory(args);
}
