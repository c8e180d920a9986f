import { z } from 'zod';
import { PRETRAINED_MODEL_FILES } from '@overture/serving';
import { endpoint } from '../http/route';
import { deleteModel, listModels, uploadModel } from '../services/pretrained/registry';

const ZFile = z.enum(PRETRAINED_MODEL_FILES);

export const ZPretrainedModel = z.object({
  name: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  inputType: z.literal('text'),
  hiddenSize: z.number().int().positive().nullable(),
  modelType: z.string().nullable(),
  present: z.array(ZFile),
  missing: z.array(ZFile),
  /** ok: the tokenizer and the ONNX graph load as training would load them. */
  status: z.enum(['ok', 'incomplete', 'broken']),
  problem: z.string().nullable(),
});

export const listPretrainedModelsEndpoint = endpoint({
  method: 'GET', path: '/api/pretrained-models', tag: 'system', access: 'viewer',
  summary: 'Pretrained text encoders under the models root (OVERTURE_MODELS_DIR, default DATA_DIR/models), the names a config gives as `pretrained_model_name_or_path`: size on disk, hidden size (config.json), files present and missing, and whether it loads',
  response: z.object({ root: z.string(), models: z.array(ZPretrainedModel) }),
  async handler({ app }) {
    return { root: app.env.modelsDir, models: await listModels(app) };
  },
});

export const uploadPretrainedModelEndpoint = endpoint({
  method: 'POST', path: '/api/pretrained-models', tag: 'system', access: 'admin', status: 201,
  summary: 'Add a pretrained model: multipart `file` (a .zip of the folder optimum exports: onnx/model.onnx or model.onnx, tokenizer.json, config.json) and `name` (like bert-base-uncased or org/name; default the file name). Unpacked under the dataset-archive limits (OVERTURE_MAX_UNPACKED_BYTES, OVERTURE_MAX_UNPACK_RATIO, OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES); entries leaving the folder, links and names leaving the root are refused; 409 when the name exists',
  rawBody: { 'multipart/form-data': { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' } } } },
  response: ZPretrainedModel,
  async handler({ app, request }) {
    return uploadModel(app, request);
  },
});

export const deletePretrainedModelEndpoint = endpoint({
  method: 'DELETE', path: '/api/pretrained-models/{name}', tag: 'system', access: 'admin',
  summary: "Delete a pretrained model's folder (`name` URL-encoded: org%2Fname). Trained bundles and deployments keep their own copy; only new trainings naming it fail",
  params: z.object({ name: z.string().min(1).max(300) }), response: z.object({ deleted: z.literal(true), name: z.string() }),
  async handler({ app, params }) {
    // Next.js may hand over an encoded slash of `org%2Fname` as it came.
    const name = params.name.replace(/%2F/gi, '/');
    await deleteModel(app, name);
    return { deleted: true as const, name };
  },
});
