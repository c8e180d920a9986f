import { z } from 'zod';
import { doc } from '../common.js';
import { lossWeightField } from './weight.js';

/** The vocabulary index of the background ("unknown") class of the open-set losses (Ludwig's `background_class`). */
export const backgroundClassField = () =>
  doc(z.number().int().min(0).nullable().default(null), "Index of the background class in the output's vocabulary (idx2str of its metadata: most frequent first, as Ludwig's); null: every row is a known class.");

/**
 * Ludwig 0.17's `entropic_open_set` loss (Dhamija et al., 2018, "Reducing Network
 * Agnostophobia"): cross entropy over the rows of known classes, plus the mean negative entropy
 * Σ p·log(p + 1e-10) of the softmax over the rows of `background_class`, which pushes those rows
 * toward the uniform distribution. Without a background class it is plain cross entropy.
 */
export const ZEntropicOpenSetLoss = z.strictObject({
  type: doc(z.literal('entropic_open_set'), 'Cross entropy on known classes, maximal entropy on the background class.'),
  background_class: backgroundClassField(),
  weight: lossWeightField(),
});
export type EntropicOpenSetLossConfig = z.infer<typeof ZEntropicOpenSetLoss>;
