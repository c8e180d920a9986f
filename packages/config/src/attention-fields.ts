import { z } from 'zod';
import { doc } from './common.js';

/** Fields shared by the transformer encoder and the transformer combiners. */

/** Ludwig's sequence reductions that Overture computes, and those it refuses by name. */
export const sequenceReductions = ['last', 'sum', 'mean', 'avg', 'max', 'concat', 'attention'] as const;
export type SequenceReduction = (typeof sequenceReductions)[number];
const unsupportedReductions = ['attention_pooling', 'none', 'None'] as const;

/** `reduce_output` over the time steps of an encoded sequence (Ludwig `ReduceOutputField`). */
export const sequenceReduceOutputField = (def: (typeof sequenceReductions)[number]) =>
  doc(
    z.union([z.enum(sequenceReductions), z.enum(unsupportedReductions), z.null()]).default(def).superRefine((value, ctx) => {
      if ((sequenceReductions as readonly (string | null)[]).includes(value)) return;
      ctx.addIssue({
        code: 'custom',
        message: `reduce_output: ${value} (${value === 'attention_pooling' ? 'multi-head attention pooling over the steps' : 'the whole sequence, for a sequence combiner or decoder'}) is a Ludwig option that Overture does not support yet; use ${sequenceReductions.join(', ')}`,
      });
    }) as unknown as z.ZodDefault<z.ZodEnum<{ [K in (typeof sequenceReductions)[number]]: K }>>,
    'How the steps are reduced to one vector: last (the last token), sum, mean/avg, max (over the tokens, padding excluded), concat (all steps side by side) or attention (a learned weighting of the steps).',
  );

/**
 * The transformer encoder's `reduce_output`: the reductions above, or null (none) to keep every
 * step's state for the sequence_concat combiner and a tagger output (no FC stack then, as Ludwig).
 */
export const encoderReduceOutputField = (def: (typeof sequenceReductions)[number]) =>
  doc(
    z.union([z.enum([...sequenceReductions, 'attention_pooling', 'none', 'None']), z.null()]).default(def).superRefine((value, ctx) => {
      if (value !== 'attention_pooling') return;
      ctx.addIssue({ code: 'custom', message: `reduce_output: attention_pooling (multi-head attention pooling over the steps) is a Ludwig option that Overture does not support yet; use ${sequenceReductions.join(', ')} or null` });
    }) as unknown as z.ZodDefault<z.ZodNullable<z.ZodEnum<{ [K in (typeof sequenceReductions)[number] | 'none' | 'None']: K }>>>,
    'How the steps are reduced to one vector: last (the last token), sum, mean/avg, max (over the tokens, padding excluded), concat (all steps side by side), attention (a learned weighting of the steps); null (none) keeps every step, for sequence_concat and a tagger.',
  );

/** num_heads must split hidden_size into equal heads (Ludwig raises the same in MultiHeadSelfAttention). */
export function headsDivideHidden(value: { hidden_size: number; num_heads: number }, ctx: z.RefinementCtx): void {
  if (value.hidden_size % value.num_heads === 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['num_heads'],
    message: `hidden_size (${value.hidden_size}) must be divisible by num_heads (${value.num_heads}): each head gets hidden_size / num_heads values`,
  });
}

