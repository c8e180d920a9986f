/**
 * The prediction half of preprocessing, for a browser bundle: what serving's browser path
 * (`@overture/serving/browser`) needs to turn rows into model inputs and outputs into answers,
 * with exactly the transforms the server runs. Nothing here reaches node: modules, sharp or the
 * file system: images and audio are decoded only on the server (decode-inputs.ts), vocab files
 * read only in training, and the data readers stay behind `@overture/trainer/data`. A test
 * bundles this entry for the browser and fails on any node import.
 */
export type * from './types.js';
export type * from './config-view.js';
export { columnData, type RawTable } from '../data/table.js';
export { encodedArray, isTokenSequenceMetadata } from './types.js';
export { stepArgmax } from './postprocess-sequence.js';
export { preprocessForPrediction, type PredictionPreprocessingResult } from './preprocess-prediction.js';
export {
  isOutputRowFinite, ludwigColumns, predictionJsonWriter, predictionObject, writeLudwigRow,
  type ActivatedOutput, type OutputPrediction, type PredictionRecord, type SequenceOutputPrediction,
} from './postprocess-outputs.js';
export { parseMetadata, serializeMetadata } from './metadata-json.js';
export { denormalizeNumber } from './postprocess.js';
export { STACKED_INPUTS_KEY, gatherModelInputs, modelInputLayout, type ModelInput, type ModelInputValues } from './model-inputs.js';
export type { DecodedMedia } from './media/decoded-media.js';
/** The value parsers and writers of the data module that prediction shares (instances, CSV answers). */
export { parseNumber } from '../data/parse-number.js';
export { stringifyValue } from '../data/readers/stringify.js';
export { csvField } from '../data/csv-field.js';
