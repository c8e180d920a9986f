import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isOvertureError, renderConfigYaml, type ResolvedConfig } from '@overture/config';
import { recordAudit, recordImportedModel, type Model, type ModelVersion, type Run } from '@overture/db';
import { checkBundleOffThread, type OffThreadCheckOptions } from '@overture/serving';
import type { Actor } from '../../auth/actor';
import type { AppContext } from '../../context';
import { ApiError, badInput } from '../../errors';
import { receiveMultipartFile } from '../../http/multipart-file';
import { relativeToStore } from '../store-paths';
import { metricPointsFromStatistics } from './bundle-statistics';
import { ARCHIVE_HINT, unpackArchive, unpackLimitsFor } from './unpack-archive';

/** The bundle's files (DESIGN §4; packages/trainer/src/bundle/format.ts) that the import reads. */
const FILES = {
  manifest: 'bundle.json',
  config: 'model_hyperparameters.json',
  metadata: 'training_set_metadata.json',
  onnx: 'model.onnx',
  progress: 'training_progress.json',
  trainingStatistics: 'training_statistics.json',
  testStatistics: 'test_statistics.json',
  featureImportance: 'feature_importance.json',
  card: 'card.md',
  cardData: 'card.json',
} as const;

/**
 * The archive's files the import keeps: the bundle's own (by name, where findBundle looks for
 * them), those in its weights/ folder and its pretrained/ copy of pretrained text encoders.
 * Anything else an output directory holds (checkpoints, predictions, logs) is left out and listed
 * in the import summary.
 */
const bundleFileNames = new Set<string>(Object.values(FILES));
/** A pretrained encoder's files, as the trainer copies them into the bundle's pretrained/<name>/ (onnx/ optional; ONNX external data beside the graph). */
const pretrainedFileNames = new Set(['model.onnx', 'model.onnx_data', 'model.onnx.data', 'tokenizer.json', 'tokenizer_config.json', 'config.json']);

function isBundleFile(relative: string): boolean {
  const segments = relative.split('/');
  // [top/]pretrained/<name or org/name>/[onnx/]<file>: the bundle's own copy of its pretrained text encoders.
  const at = segments.indexOf('pretrained');
  if (at >= 0 && at <= 2 && pretrainedFileNames.has(segments.at(-1)!)) {
    const inner = segments.slice(at + 1, -1);
    return inner.length >= 1 && (inner.length <= 2 || (inner.length === 3 && inner[2] === 'onnx'));
  }
  if (segments.length >= 2 && segments.at(-2) === 'weights') return segments.length <= 4;
  return segments.length <= 3 && bundleFileNames.has(segments.at(-1)!);
}

export interface ImportedModel {
  model: Model;
  version: ModelVersion;
  run: Run;
  formatVersion: string;
  hasTestStatistics: boolean;
  learningCurvePoints: number;
}

/**
 * Imports a model bundle trained elsewhere (`overture train`, or a run's download): the upload
 * streams to the store, is unpacked with every entry checked, and must read and load as serving
 * would load it; then a model, its version 1 (imported, no parent) and a completed run (imported,
 * no dataset) that points at the bundle are recorded together. Nothing is left behind on failure.
 */
export async function importModelBundle(ctx: AppContext, actor: Actor, request: Request): Promise<ImportedModel> {
  const { dataDir, OVERTURE_MAX_UPLOAD_BYTES: maxBytes } = ctx.env;
  const upload = await receiveMultipartFile(request, {
    folder: path.join(/*turbopackIgnore: true*/ dataDir, 'uploads'), maxBytes, limitSetting: 'OVERTURE_MAX_UPLOAD_BYTES',
    accept: (fileName) => ({ extension: /\.(tar\.gz|tgz)$/i.test(fileName) ? '.tar.gz' : path.extname(fileName).toLowerCase() }),
  });
  const name = upload.fields.name ?? '';
  if (name.length > 200) {
    await fs.rm(upload.file, { force: true });
    throw badInput('the name is longer than 200 characters.', [{ path: 'name', message: 'at most 200 characters' }]);
  }
  const runId = randomUUID();
  const runFolder = path.join(/*turbopackIgnore: true*/ dataDir, 'runs', runId);
  try {
    const unpacked = path.join(/*turbopackIgnore: true*/ runFolder, 'import');
    const { skipped } = await unpackArchive(upload.file, unpacked, unpackLimitsFor(upload.sizeBytes, ctx.env.OVERTURE_MAX_IMPORT_UNPACKED_BYTES), isBundleFile);
    const bundle = await findBundle(unpacked);
    const { manifest, config } = await checkBundle(bundle.directory, bundle.label, { timeoutMs: ctx.env.OVERTURE_MODEL_LOAD_TIMEOUT_MS, memoryMb: ctx.env.OVERTURE_MODEL_LOAD_MEMORY_MB });

    const besides = (file: string) => firstExisting([path.join(/*turbopackIgnore: true*/ bundle.directory, file), ...(bundle.directory !== unpacked ? [path.join(/*turbopackIgnore: true*/ path.dirname(bundle.directory), file)] : [])]);
    const progress = await readOptionalJson<Record<string, unknown>>(path.join(/*turbopackIgnore: true*/ bundle.directory, FILES.progress));
    const trainingStatisticsFile = await besides(FILES.trainingStatistics);
    const testStatisticsFile = await besides(FILES.testStatistics);
    const trainingStatistics = trainingStatisticsFile ? await readOptionalJson<unknown>(trainingStatisticsFile) : null;
    const testStatistics = testStatisticsFile ? await readOptionalJson<unknown>(testStatisticsFile) : null;
    const featureImportanceFile = await besides(FILES.featureImportance);
    const featureImportance = featureImportanceFile ? await readOptionalJson<unknown>(featureImportanceFile) : null;
    const metrics = metricPointsFromStatistics(trainingStatistics, progress);

    // The run's files, laid out as the worker lays them out (runs/<id>/output/model), so deleting
    // the run or its model removes them with the rest.
    const output = path.join(/*turbopackIgnore: true*/ runFolder, 'output');
    await fs.mkdir(output, { recursive: true });
    const artifacts: { kind: string; path: string; sizeBytes?: number | null; contentType?: string | null }[] = [];
    const keep = async (kind: string, from: string, to: string, contentType: string) => {
      await fs.rename(from, to);
      const stat = await fs.stat(to);
      artifacts.push({ kind, path: relativeToStore(dataDir, to), sizeBytes: stat.isFile() ? stat.size : null, contentType });
    };
    if (testStatisticsFile && isObject(testStatistics)) await keep('test_statistics', testStatisticsFile, path.join(/*turbopackIgnore: true*/ output, FILES.testStatistics), 'application/json');
    if (featureImportanceFile && isObject(featureImportance)) await keep('feature_importance', featureImportanceFile, path.join(/*turbopackIgnore: true*/ output, FILES.featureImportance), 'application/json');
    if (trainingStatisticsFile && isObject(trainingStatistics) && path.dirname(trainingStatisticsFile) !== bundle.directory) {
      await keep('training_statistics', trainingStatisticsFile, path.join(/*turbopackIgnore: true*/ output, FILES.trainingStatistics), 'application/json');
    }
    await keep('model_bundle', bundle.directory, path.join(/*turbopackIgnore: true*/ output, 'model'), 'inode/directory');
    if (trainingStatisticsFile && isObject(trainingStatistics) && path.dirname(trainingStatisticsFile) === bundle.directory) {
      const inBundle = path.join(/*turbopackIgnore: true*/ output, 'model', FILES.trainingStatistics);
      artifacts.push({ kind: 'training_statistics', path: relativeToStore(dataDir, inBundle), sizeBytes: (await fs.stat(inBundle)).size, contentType: 'application/json' });
    }
    await fs.rm(unpacked, { recursive: true, force: true });

    const outputs = config.output_features.map((f) => f.name);
    const trainedAt = parseDate(manifest.created);
    const recorded = await recordImportedModel(ctx.db, {
      runId,
      name: name || defaultName(upload.fileName, outputs),
      description: `Imported from ${upload.fileName}: trained with Overture ${String(manifest.overture_version ?? 'unknown')}${trainedAt ? ` on ${trainedAt.toISOString().slice(0, 10)}` : ''}.`,
      ownerId: actor.userId,
      yaml: renderConfigYaml(config),
      resolvedConfig: config as unknown as Record<string, unknown>,
      message: `imported from ${upload.fileName}`,
      seed: typeof manifest.seed === 'number' && Number.isInteger(manifest.seed) ? manifest.seed : 42,
      summary: {
        stopReason: typeof progress?.stop_reason === 'string' ? progress.stop_reason : 'imported',
        ...(progress ? { progress } : {}),
        import: {
          fileName: upload.fileName, archiveBytes: upload.sizeBytes, archiveSha256: upload.contentHash, folder: bundle.label,
          formatVersion: manifest.format_version, overtureVersion: manifest.overture_version ?? null, trainedAt: trainedAt?.toISOString() ?? null,
          backend: manifest.backend ?? null, parameters: manifest.parameters ?? null, hasTestStatistics: isObject(testStatistics), learningCurvePoints: metrics.length,
          ...(skipped.length > 0 ? { skippedFiles: skipped.slice(0, 50), skippedFileCount: skipped.length } : {}),
        },
      },
      epoch: typeof progress?.epoch === 'number' ? progress.epoch : undefined,
      step: typeof progress?.steps === 'number' ? progress.steps : undefined,
      trainedAt,
      artifacts,
      metrics,
    });
    await recordAudit(ctx.db, {
      actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'model.import', targetType: 'model', targetId: recorded.model.id,
      details: { runId, fileName: upload.fileName, bytes: upload.sizeBytes },
    });
    return { ...recorded, formatVersion: manifest.format_version, hasTestStatistics: isObject(testStatistics), learningCurvePoints: metrics.length };
  } catch (error) {
    await fs.rm(runFolder, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    await fs.rm(upload.file, { force: true }).catch(() => undefined);
  }
}

interface Manifest {
  format_version: string;
  overture_version?: string;
  created?: string;
  backend?: string;
  seed?: number;
  parameters?: number;
}

/**
 * The folder holding bundle.json: the archive's top, or one or two folders down (`model/`, or
 * `out/model/` when the whole output directory was archived). Exactly one bundle is accepted.
 */
async function findBundle(root: string): Promise<{ directory: string; label: string }> {
  let level = [root];
  for (let depth = 0; depth <= 2; depth++) {
    const found: string[] = [];
    for (const folder of level) if (await isFile(path.join(/*turbopackIgnore: true*/ folder, FILES.manifest))) found.push(folder);
    if (found.length > 1) {
      throw badInput(`the archive holds ${found.length} model bundles (${found.map((f) => `'${label(root, f)}'`).join(', ')}); import them one at a time.`);
    }
    if (found.length === 1) return { directory: found[0], label: label(root, found[0]) };
    const next: string[] = [];
    for (const folder of level) {
      for (const entry of await fs.readdir(folder, { withFileTypes: true })) if (entry.isDirectory()) next.push(path.join(/*turbopackIgnore: true*/ folder, entry.name));
    }
    level = next;
  }
  throw badInput(`the archive holds no bundle.json, so it is not an Overture model bundle; ${ARCHIVE_HINT}.`);
}

const label = (root: string, folder: string) => (path.relative(root, folder).split(path.sep).join('/') || '.') + '/';

/**
 * Checks the bundle as serving reads it: its files are there and are JSON, its format version is
 * one this Overture reads, its config is valid, and model.onnx passes the graph check, loads and
 * answers a warm-up row — in a worker thread with a time and memory limit, so a hostile graph
 * never blocks this process's event loop. Each problem becomes a message that names the file
 * inside the archive.
 */
async function checkBundle(directory: string, folder: string, load: OffThreadCheckOptions): Promise<{ manifest: Manifest; config: ResolvedConfig }> {
  const inArchive = (file: string) => `${folder === './' ? '' : folder}${file}`;
  const required = [FILES.manifest, FILES.config, FILES.metadata];
  const missing: string[] = [];
  for (const file of required) if (!(await isFile(path.join(/*turbopackIgnore: true*/ directory, file)))) missing.push(file);
  if (missing.length > 0) {
    throw badInput(`the model bundle is incomplete: '${inArchive('')}' has no ${missing.join(', ')}. Archive the whole model folder (tar czf model.tar.gz -C OUT model).`);
  }
  const parsed: Record<string, unknown> = {};
  for (const file of required) {
    try {
      parsed[file] = JSON.parse(await fs.readFile(path.join(/*turbopackIgnore: true*/ directory, file), 'utf8')) as unknown;
    } catch {
      throw badInput(`'${inArchive(file)}' is damaged (it is not valid JSON); archive the model folder again.`);
    }
  }
  const manifest = parsed[FILES.manifest] as Partial<Manifest> | null;
  if (!isObject(manifest) || typeof manifest.format_version !== 'string') {
    throw badInput(`'${inArchive(FILES.manifest)}' has no format_version, so this is not a model bundle Overture wrote.`);
  }
  let config: ResolvedConfig;
  try {
    config = await checkBundleOffThread(directory, load);
  } catch (error) {
    throw await bundleProblem(error, directory, inArchive, manifest.format_version);
  }
  return { manifest: manifest as Manifest, config };
}

async function bundleProblem(error: unknown, directory: string, inArchive: (file: string) => string, formatVersion: string): Promise<ApiError> {
  if (isOvertureError(error)) {
    // The graph check's refusals start with the file's name: name it as it is inside the archive.
    if (error.code === 'invalid_input' && error.message.startsWith(`${FILES.onnx} `)) return badInput(`${inArchive(FILES.onnx)}${error.message.slice(FILES.onnx.length)}`);
    if (error.code === 'unsupported' && /format/.test(error.message)) {
      const reads = /it reads ([^)]+)/.exec(error.message)?.[1];
      return new ApiError('unsupported', `this model bundle has format version ${formatVersion}, which this Overture cannot read${reads ? ` (it reads ${reads})` : ''}; import a bundle written by a matching Overture version.`);
    }
    if (error.code === 'not_found' && !(await isFile(path.join(/*turbopackIgnore: true*/ directory, FILES.onnx)))) {
      return badInput(`the model bundle has no ${inArchive(FILES.onnx)} (bundles written before format 1.1 lack it); run 'overture export --model OUT/model' and archive the folder again.`);
    }
    if (error.code === 'invalid_config' || error.code === 'unsupported') {
      return new ApiError(error.code, `the bundle's config (${inArchive(FILES.config)}) cannot be used: ${error.message}`, error.details);
    }
    return badInput(`the model bundle cannot be read: ${error.message.split(directory).join(inArchive('').replace(/\/$/, ''))}`, error.details);
  }
  const message = (error as Error)?.message?.split('\n')[0] ?? String(error);
  return badInput(`the bundle's ${inArchive(FILES.onnx)} or ${inArchive(FILES.metadata)} could not be loaded (${message}); the file may be damaged — archive the model folder again.`);
}

/** A name from the archive's file name, unless that is a generic `model.tar.gz` or `model-<run id>.tar.gz`. */
function defaultName(fileName: string, outputs: string[]): string {
  const base = fileName.replace(/\.(tar\.gz|tgz|tar|gz)$/i, '').trim();
  if (base && !/^model(-[0-9a-f-]{36})?$/i.test(base)) return base.slice(0, 200);
  return `${outputs.join(', ')} model (imported)`.slice(0, 200);
}

async function readOptionalJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function firstExisting(files: string[]): Promise<string | null> {
  for (const file of files) if (await isFile(file)) return file;
  return null;
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then((s) => s.isFile(), () => false);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
