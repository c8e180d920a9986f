import { z } from 'zod';
import { sequencePreprocessingShape } from './text.js';

/** Sequence preprocessing is text's with Ludwig's `space` tokenizer as the default. */
export const ZSequencePreprocessing = z.strictObject(sequencePreprocessingShape('input', 'space'));
export type SequencePreprocessing = z.output<typeof ZSequencePreprocessing>;
export const ZSequenceOutputPreprocessing = z.strictObject(sequencePreprocessingShape('output', 'space'));
