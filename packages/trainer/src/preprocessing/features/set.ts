import type { SetMetadata } from '../types.js';
import type { FeaturePreprocessor, ParsedStrings } from './feature-preprocessor.js';
import { buildTokenMetadata, encodeTokens, parseTokenColumn } from './token-vocabulary.js';

/** Set: float32 width vocab_size, multi-hot over the vocabulary (inputs: index 0 is `<UNK>`). */
export const setPreprocessor = {
  type: 'set',
  parse: (cells, ctx) => parseTokenColumn(cells, ctx),
  buildMetadata: (parsed, ctx, rows) => buildTokenMetadata('set', parsed, ctx, rows) as SetMetadata,
  encode: (parsed, ctx, metadata, kept) => encodeTokens(parsed, ctx, metadata, kept, false),
} satisfies FeaturePreprocessor<'set', ParsedStrings>;
