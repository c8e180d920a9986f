import type { BagMetadata } from '../types.js';
import type { FeaturePreprocessor, ParsedStrings } from './feature-preprocessor.js';
import { buildTokenMetadata, encodeTokens, parseTokenColumn } from './token-vocabulary.js';

/** Bag: float32 width vocab_size, how often each element occurs in the cell (inputs: index 0 is `<UNK>`). */
export const bagPreprocessor = {
  type: 'bag',
  parse: (cells, ctx) => parseTokenColumn(cells, ctx),
  buildMetadata: (parsed, ctx, rows) => buildTokenMetadata('bag', parsed, ctx, rows) as BagMetadata,
  encode: (parsed, ctx, metadata, kept) => encodeTokens(parsed, ctx, metadata, kept, true),
} satisfies FeaturePreprocessor<'bag', ParsedStrings>;
