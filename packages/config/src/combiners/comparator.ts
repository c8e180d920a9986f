import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';
import { didYouMean } from '../suggest.js';

const entityField = (n: 1 | 2) => doc(
  z.array(z.string()).nullable().default(null),
  `Names of the input features of entity ${n}: they are concatenated and encoded by the entity's own fully connected stack.`,
  { commonly_used: true },
);

/**
 * Compares two entities, each a group of input features (Ludwig `ComparatorCombinerConfig`): each
 * goes through its own fully connected stack, and the output concatenates their dot product,
 * elementwise product, absolute difference and a bilinear product.
 */
export const ZComparatorCombiner = z.strictObject({
  type: doc(z.literal('comparator'), 'Compare two groups of input features (entity_1, entity_2) by products and differences of their encodings.'),
  entity_1: entityField(1),
  entity_2: entityField(2),
  dropout: dropoutField(),
  activation: activationField(),
  use_bias: useBiasField(),
  bias_initializer: biasInitializerField(),
  weights_initializer: weightsInitializerField(),
  num_fc_layers: numFcLayersField(1),
  output_size: outputSizeField(256),
  norm: normField(),
  norm_params: normParamsField(),
  fc_layers: fcLayersField(),
}).superRefine((c, ctx) => {
  if (c.num_fc_layers === 0 && !c.fc_layers?.length) {
    ctx.addIssue({ code: 'custom', path: ['num_fc_layers'], message: 'the comparator combiner needs at least one fully connected layer: set num_fc_layers > 0 or fc_layers' });
  }
  for (const key of ['entity_1', 'entity_2'] as const) {
    if (!c[key]?.length) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required: list at least one input feature name` });
  }
});
export type ComparatorCombinerConfig = z.output<typeof ZComparatorCombiner>;

/**
 * What Ludwig's comparator refuses about the entities given the input features: a name that is no
 * input feature, or an input feature in neither entity (the combiner takes exactly the listed ones).
 */
export function comparatorEntityProblems(combiner: ComparatorCombinerConfig, inputNames: string[]): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const listed = new Set<string>();
  for (const key of ['entity_1', 'entity_2'] as const) {
    (combiner[key] ?? []).forEach((name, i) => {
      listed.add(name);
      if (inputNames.includes(name)) return;
      const hint = didYouMean(name, inputNames);
      problems.push({ path: [key, i], message: `'${name}' is not an input feature; ${key} lists input feature names${hint ? ` (${hint})` : ''}` });
    });
  }
  const missing = inputNames.filter((n) => !listed.has(n));
  // A misspelt name usually explains the feature left out: report that first.
  if (problems.length === 0 && missing.length > 0 && (combiner.entity_1?.length ?? 0) > 0 && (combiner.entity_2?.length ?? 0) > 0) {
    problems.push({ path: ['entity_1'], message: `input feature${missing.length > 1 ? 's' : ''} ${missing.map((n) => `'${n}'`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} in neither entity_1 nor entity_2: the comparator combines exactly the features its entities list` });
  }
  return problems;
}
