/**
 * Everything between a RawTable and the typed arrays the model consumes, in pure TypeScript
 * (no tfjs): the trainer uses it to build datasets and serving to preprocess prediction requests
 * with exactly the same transforms.
 */
export * from './types.js';
export type * from './config-view.js';
export { columnOf } from './config-view.js';
export { preprocessForTraining, type TrainingPreprocessingOptions, type TrainingPreprocessingResult } from './preprocess-training.js';
export { preprocessForPrediction, type PredictionPreprocessingResult } from './preprocess-prediction.js';
export { decodeBinary, decodeCategory, decodeSet, denormalizeNumber } from './postprocess.js';
export { decodeSequence, stepArgmax, tokenSeparator, type SequencePrediction } from './postprocess-sequence.js';
export {
  formatPredictions, isOutputRowFinite, ludwigColumns, predictionJsonWriter, predictionObject, probabilityJson, writeLudwigRow,
  type ActivatedOutput, type OutputPrediction, type PredictionRecord,
} from './postprocess-outputs.js';
export { METADATA_FILE_NAME, METADATA_VERSION, parseMetadata, serializeMetadata } from './metadata-json.js';
export { featurePreprocessors, type FeaturePreprocessor } from './features/index.js';
export { splitters, fnv1a32 } from './splits/index.js';
export { getTokenizer, pythonStrip, type Tokenizer, type TokenizerOptions } from './tokenizers.js';
export { UNKNOWN_SYMBOL } from './vocabulary.js';
export * from './text/index.js';
export { conventionalBoolean } from './features/binary.js';
export { DATE_VECTOR_WIDTH } from './features/date.js';
export { STACKED_INPUTS_KEY, encodedWidth, gatherModelInputs, isStackedInput, modelInputLayout, type ModelInput, type ModelInputValues } from './model-inputs.js';
export { decodeMediaInputs, hasMediaInputs, type DecodedMedia } from './media/decode-inputs.js';
export type { DecodedImageColumn, DecodeImageOptions } from './image/decode-column.js';
export { preprocessingKey, readPreprocessed, writePreprocessed, type Preprocessed } from './cache/preprocessed-cache.js';
export type { DecodedAudioColumn } from './audio/decode-column.js';
export { decodeWav, encodeWav, isWav, AudioDecodeError, type DecodedWav } from './audio/decode-wav.js';
export { BUNDLE_MODELS_DIR, bundleModelsDir, checkPretrainedModels, predictionModelsDir } from './pretrained/bundle-models.js';
export { DEFAULT_MODELS_DIR, locatePretrainedModel, modelDirectory, type PretrainedModelFiles } from './pretrained/models-root.js';
export { releasePretrainedEncoders, usesPretrainedEncoder } from './pretrained/embed-column.js';
export type { DecodedTextEmbeddings, PretrainedTextMetadata } from './pretrained/decoded-embeddings.js';
export { describePretrainedModel, installPretrainedModel, listPretrainedModels, PRETRAINED_MODEL_FILES, registryModelDirectory, removePretrainedModel, type PretrainedModelFile, type PretrainedModelInfo } from './pretrained/model-registry.js';
