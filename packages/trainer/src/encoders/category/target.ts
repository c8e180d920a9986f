import type { CategoryTargetEncoderConfig } from '@overture/config';
import { lookup } from '../embeddings.js';
import { emitLookup } from '../../export/ops.js';
import type { EncoderFactory } from '../encoder.js';

/** Ludwig's category `target` encoder: a learned `output_size` vector per category, zero at the start as in Ludwig. */
export const categoryTargetEncoder: EncoderFactory<CategoryTargetEncoderConfig> = ({ name, config, input, params }) => {
  const table = params.create(`${name}.embeddings`, [input.vocabSize, config.output_size], new Float32Array(input.vocabSize * config.output_size));
  return {
    outputSize: config.output_size,
    forward: (ids) => lookup(table as never, ids),
    exportOnnx: (g, ids) => emitLookup(g, g.param(`${name}.embeddings`), ids),
  };
};
