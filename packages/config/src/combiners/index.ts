import { z } from 'zod';
import { ZConcatCombiner } from './concat.js';
import { ZFtTransformerCombiner } from './ft-transformer.js';
import { ZTabTransformerCombiner } from './tab-transformer.js';
import { ZTransformerCombiner } from './transformer.js';
import { ZTabNetCombiner } from './tabnet.js';
import { ZComparatorCombiner } from './comparator.js';
import { ZProjectAggregateCombiner } from './project-aggregate.js';
import { ZHyperNetworkCombiner } from './hypernetwork.js';
import { ZGatedFusionCombiner } from './gated-fusion.js';
import { ZCrossAttentionCombiner } from './cross-attention.js';
import { ZPerceiverCombiner } from './perceiver.js';
import { ZSequenceConcatCombiner } from './sequence-concat.js';
import { ZUnsupportedCombiner } from './unsupported.js';

export * from './concat.js';
export * from './ft-transformer.js';
export * from './tab-transformer.js';
export * from './transformer.js';
export * from './tabnet.js';
export * from './comparator.js';
export * from './project-aggregate.js';
export * from './hypernetwork.js';
export * from './gated-fusion.js';
export * from './cross-attention.js';
export * from './perceiver.js';
export * from './sequence-concat.js';
export { unsupportedCombinerTypes } from './unsupported.js';

export const combinerSchemas = {
  concat: ZConcatCombiner,
  transformer: ZTransformerCombiner,
  ft_transformer: ZFtTransformerCombiner,
  tabtransformer: ZTabTransformerCombiner,
  tabnet: ZTabNetCombiner,
  comparator: ZComparatorCombiner,
  project_aggregate: ZProjectAggregateCombiner,
  hypernetwork: ZHyperNetworkCombiner,
  gated_fusion: ZGatedFusionCombiner,
  cross_attention: ZCrossAttentionCombiner,
  perceiver: ZPerceiverCombiner,
  sequence_concat: ZSequenceConcatCombiner,
} as const satisfies Record<string, z.ZodObject>;

export type CombinerType = keyof typeof combinerSchemas;
export const combinerTypes = Object.keys(combinerSchemas) as CombinerType[];
/** A resolved combiner of a type Overture trains. */
export type CombinerConfig = z.output<(typeof combinerSchemas)[CombinerType]>;

export const ZCombiner = z.discriminatedUnion('type', [
  ZConcatCombiner, ZTransformerCombiner, ZFtTransformerCombiner, ZTabTransformerCombiner, ZTabNetCombiner, ZComparatorCombiner,
  ZProjectAggregateCombiner, ZHyperNetworkCombiner, ZGatedFusionCombiner, ZCrossAttentionCombiner, ZPerceiverCombiner, ZSequenceConcatCombiner, ZUnsupportedCombiner,
]);
