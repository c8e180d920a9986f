import { z } from 'zod';

/** Ludwig combiners Overture does not implement yet: accepted by name, refused by validation. */
export const unsupportedCombinerTypes = [
  'sequence', 'tabpfn_v2',
] as const;

export const ZUnsupportedCombiner = z.looseObject({
  type: z.enum(unsupportedCombinerTypes).describe('A Ludwig combiner that Overture cannot train yet.'),
});
