import { isPlainObject } from './defaults.js';
import type { ErrorDetail } from './errors.js';

type Obj = Record<string, unknown>;

/** Input types whose steps are numbers (frames of floats), not token ids. */
const floatSequenceTypes = new Set(['timeseries', 'audio']);

/**
 * Embedding knobs of the sequence encoders. On a timeseries or audio input Ludwig overwrites them
 * (`embedding_size` = values per step, `should_embed: false`), so configs saved by Ludwig carry
 * them; they have no effect, which is said rather than left silent.
 */
const embeddingKeys = ['embedding_size', 'embeddings_trainable', 'embeddings_on_cpu', 'should_embed', 'representation', 'embedding_initializer'] as const;

/**
 * Takes the embedding knobs out of timeseries/audio encoders, with one warning each, so the
 * encoders' token-embedding validation (should_embed must be true for text) does not apply to
 * them. `pretrained_embeddings` (a file of token vectors) is left in place for validation to refuse.
 */
export function dropFloatSequenceEmbedding(config: Obj, warnings: ErrorDetail[]): Obj {
  if (!Array.isArray(config.input_features)) return config;
  let changed = false;
  const inputs = config.input_features.map((feature, i) => {
    if (!isPlainObject(feature) || !floatSequenceTypes.has(feature.type as string) || !isPlainObject(feature.encoder)) return feature;
    const encoder: Obj = { ...feature.encoder };
    for (const key of embeddingKeys) {
      if (encoder[key] === undefined) continue;
      warnings.push({
        path: `input_features[${i}].encoder.${key}`,
        message: `${key} has no effect on a ${feature.type} input: its steps are numbers that go to the encoder as they are (Ludwig overwrites it too); remove it`,
      });
      delete encoder[key];
      changed = true;
    }
    return { ...feature, encoder };
  });
  return changed ? { ...config, input_features: inputs } : config;
}
