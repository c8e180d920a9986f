import { promises as fs } from 'node:fs';
import path from 'node:path';
import { installPretrainedModel, listPretrainedModels, registryModelDirectory, removePretrainedModel, type PretrainedModelInfo } from '@overture/serving';
import type { AppContext } from '../../context';
import { badInput, isApiError, notFound } from '../../errors';
import { receiveMultipartFile } from '../../http/multipart-file';

/**
 * The platform's pretrained models: the folders under its models root (OVERTURE_MODELS_DIR,
 * default DATA_DIR/models), which workers read when a config names `encoder: bert` & co. Admins
 * add one as a .zip of such a folder and delete one; bundles keep their own copy, so deleting a
 * model breaks no trained model or deployment (only new trainings naming it).
 */
export function listModels(ctx: AppContext): Promise<PretrainedModelInfo[]> {
  return listPretrainedModels(ctx.env.modelsDir);
}

/** The archive limits of dataset archives (the worker's), so an upload cannot expand without bound. */
function archiveLimits(ctx: AppContext) {
  return {
    maxUnpackedBytes: ctx.env.OVERTURE_MAX_UNPACKED_BYTES,
    maxUnpackRatio: ctx.env.OVERTURE_MAX_UNPACK_RATIO,
    maxDatasetArchiveEntries: ctx.env.OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES,
  };
}

/** Receives a multipart `.zip` (field `file`, field `name`; default the file's name) and unpacks it as a model folder. */
export async function uploadModel(ctx: AppContext, request: Request): Promise<PretrainedModelInfo> {
  const upload = await receiveMultipartFile(request, {
    folder: path.join(/*turbopackIgnore: true*/ ctx.env.dataDir, 'uploads'), maxBytes: ctx.env.OVERTURE_MAX_UPLOAD_BYTES, limitSetting: 'OVERTURE_MAX_UPLOAD_BYTES',
    accept: (fileName) => (/\.zip$/i.test(fileName) ? { extension: '.zip' } : badInput(`'${fileName}' is not a .zip: upload the model folder (onnx/model.onnx, tokenizer.json, config.json) zipped.`, [{ path: 'file', message: 'must be a .zip' }])),
  });
  // The archive's errors name the file as the admin knows it: the upload is moved under its own name into a folder of its own.
  const own = path.join(/*turbopackIgnore: true*/ path.dirname(upload.file), `.partial-${upload.id}`);
  const shown = upload.fileName.replace(/[^\w.-]/g, '_') || 'model.zip';
  const zipFile = path.join(/*turbopackIgnore: true*/ own, shown);
  try {
    await fs.mkdir(own);
    await fs.rename(upload.file, zipFile);
    const name = upload.fields.name || upload.fileName.replace(/\.zip$/i, '');
    try {
      registryModelDirectory(ctx.env.modelsDir, name);
    } catch (error) {
      throw badInput((error as Error).message, [{ path: 'name', message: 'not a model name' }]);
    }
    await fs.mkdir(ctx.env.modelsDir, { recursive: true });
    return await installPretrainedModel(ctx.env.modelsDir, name, zipFile, archiveLimits(ctx));
  } finally {
    await fs.rm(upload.file, { force: true });
    await fs.rm(own, { recursive: true, force: true });
  }
}

export async function deleteModel(ctx: AppContext, name: string): Promise<void> {
  let removed: boolean;
  try {
    removed = await removePretrainedModel(ctx.env.modelsDir, name);
  } catch (error) {
    if (isApiError(error)) throw error;
    throw badInput((error as Error).message, [{ path: 'name', message: 'not a model name' }]);
  }
  if (!removed) throw notFound(`the pretrained model '${name}' under the models root ${ctx.env.modelsDir}`);
}
