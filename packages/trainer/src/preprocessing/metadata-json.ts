import { OvertureError } from '@overture/config';
import { isPreprocessedType } from './features/index.js';
import type { FeatureMetadata, TrainingSetMetadata } from './types.js';
import { dictionary } from '../util/dictionary.js';

/** Bump on a breaking change to a feature's metadata; readers refuse newer versions. */
export const METADATA_VERSION = 1;
export const METADATA_VERSION_KEY = 'overture_metadata_version';
export const METADATA_FILE_NAME = 'training_set_metadata.json';

const tokenSequenceFields = ['idx2str', 'str2idx', 'str2freq', 'str2idf', 'vocab_size', 'max_sequence_length', 'pad_idx', 'padding_symbol', 'unknown_symbol', 'computed_fill_value'];

/** Fields each type's metadata must have for inference to work. */
const requiredFields: Record<FeatureMetadata['type'], readonly string[]> = {
  binary: ['str2bool', 'bool2str', 'computed_fill_value'],
  number: ['mean', 'std', 'min', 'max', 'median', 'q1', 'q3', 'computed_fill_value'],
  category: ['idx2str', 'str2idx', 'str2freq', 'vocab_size', 'computed_fill_value'],
  set: ['idx2str', 'str2idx', 'str2freq', 'vocab_size', 'max_set_size', 'computed_fill_value'],
  bag: ['idx2str', 'str2idx', 'str2freq', 'vocab_size', 'max_set_size', 'computed_fill_value'],
  date: ['computed_fill_value'],
  vector: ['vector_size', 'computed_fill_value'],
  timeseries: ['max_timeseries_length', 'computed_fill_value'],
  image: ['height', 'width', 'num_channels', 'fill_pixel'],
  text: tokenSequenceFields,
  sequence: tokenSequenceFields,
  category_distribution: ['idx2str', 'str2idx', 'vocab_size', 'computed_fill_value'],
  audio: ['feature_dim', 'sampling_rate_in_hz', 'max_length', 'fill_frame'],
  anomaly: ['threshold'],
};

/**
 * `training_set_metadata.json` as in Ludwig's saved models: one key per feature name holding
 * {type, role, column, preprocessing (resolved), …vocabularies/statistics}, plus a version key.
 */
export function serializeMetadata(metadata: TrainingSetMetadata): string {
  if (Object.hasOwn(metadata, METADATA_VERSION_KEY)) {
    throw new OvertureError('invalid_config', `A feature may not be named '${METADATA_VERSION_KEY}'.`);
  }
  return `${JSON.stringify({ [METADATA_VERSION_KEY]: METADATA_VERSION, ...metadata }, null, 2)}\n`;
}

function invalid(message: string): OvertureError {
  return new OvertureError('invalid_input', `${METADATA_FILE_NAME}: ${message}`);
}

export function parseMetadata(text: string): TrainingSetMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(`not valid JSON (${(error as Error).message}).`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('expected a JSON object.');
  const record = raw as Record<string, unknown>;
  const version = record[METADATA_VERSION_KEY];
  if (typeof version !== 'number') throw invalid(`no '${METADATA_VERSION_KEY}'; was it written by Overture?`);
  if (Math.floor(version) > METADATA_VERSION) {
    throw new OvertureError(
      'unsupported',
      `${METADATA_FILE_NAME} has version ${version}, newer than this Overture reads (${METADATA_VERSION}). Upgrade Overture to use this model.`,
    );
  }
  const metadata: TrainingSetMetadata = dictionary();
  for (const [name, value] of Object.entries(record)) {
    if (name === METADATA_VERSION_KEY) continue;
    if (typeof value !== 'object' || value === null) throw invalid(`feature '${name}' is not an object.`);
    const feature = value as Record<string, unknown>;
    const type = feature.type;
    if (typeof type !== 'string' || !isPreprocessedType(type)) throw invalid(`feature '${name}' has unknown type '${String(type)}'.`);
    const absent = ['role', 'column', 'preprocessing', ...requiredFields[type]].filter((f) => !Object.hasOwn(feature, f));
    if (absent.length > 0) throw invalid(`${type} feature '${name}' lacks ${absent.join(', ')}.`);
    Object.defineProperty(metadata, name, { value: feature as unknown as FeatureMetadata, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}
