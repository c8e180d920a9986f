/**
 * The platform's registry of pretrained encoders (local ONNX exports under its models root), for
 * the web process: it loads no trainer (scripts/check-deps.mjs), and these functions are the
 * trainer's tfjs-free preprocessing, which serving runs anyway to embed text before a model's head.
 */
export {
  describePretrainedModel, installPretrainedModel, listPretrainedModels, PRETRAINED_MODEL_FILES, registryModelDirectory, removePretrainedModel,
  type PretrainedModelFile, type PretrainedModelInfo,
} from '@overture/trainer/preprocessing';
/** The archive limits the web applies to uploads (dataset archives, pretrained model zips). */
export { defaultReadLimits } from '@overture/trainer/data';
