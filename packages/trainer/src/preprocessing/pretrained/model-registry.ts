import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OvertureError } from '@overture/config';
import { planArchiveEntries } from '../../data/dataset-archive.js';
import { BoundedZip } from '../../data/readers/bounded-zip.js';
import { resolveReadLimits, type ReadLimits } from '../../data/readers/read-limits.js';
import { locatePretrainedModel } from './models-root.js';
import { hiddenSizeOf, PretrainedTextEmbedder } from './text-embedder.js';

/**
 * The models root as a registry: what folders it holds (listPretrainedModels), adding one from a
 * zip of such a folder (installPretrainedModel) and removing one (removePretrainedModel). The
 * platform's admin page and API use it; training and serving keep reading folders by name.
 */

/** The files of a model folder, as locatePretrainedModel looks for them. */
export const PRETRAINED_MODEL_FILES = ['onnx/model.onnx (or model.onnx)', 'tokenizer.json', 'config.json'] as const;
export type PretrainedModelFile = (typeof PRETRAINED_MODEL_FILES)[number];

export interface PretrainedModelInfo {
  /** The name configs give as pretrained_model_name_or_path (`bert-base-uncased`, `org/name`). */
  name: string;
  sizeBytes: number;
  /** What the encoder reads: local exports are text encoders (tokenizer + graph). */
  inputType: 'text';
  /** config.json's hidden_size (or d_model, n_embd, dim); null when unreadable. */
  hiddenSize: number | null;
  modelType: string | null;
  present: PretrainedModelFile[];
  missing: PretrainedModelFile[];
  /** 'ok': tokenizer and graph load and have the inputs and outputs an encoder needs; else why not. */
  status: 'ok' | 'incomplete' | 'broken';
  problem: string | null;
}

/** `bert-base-uncased`, `org/name`: Hugging Face's id characters, one optional organisation, nothing that leaves the root. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$/;

/** The folder of `name` under `root`, or a refusal saying what a name may be. */
export function registryModelDirectory(root: string, name: string): string {
  const base = path.resolve(root);
  const directory = path.resolve(base, ...name.split('/'));
  if (!NAME.test(name) || name.split('/').some((p) => p === '.' || p === '..' || p.endsWith('.')) || !directory.startsWith(base + path.sep)) {
    throw new OvertureError('invalid_input', `'${name}' is not a pretrained model name: use letters, digits, '.', '_' and '-', with at most one '/' (like bert-base-uncased or org/name), and no '..'.`);
  }
  return directory;
}

const isFile = (file: string) => fs.stat(file).then((s) => s.isFile(), () => false);
const isDirectory = (file: string) => fs.stat(file).then((s) => s.isDirectory(), () => false);

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(full);
    else if (entry.isFile()) total += (await fs.stat(full)).size;
  }
  return total;
}

async function filesOf(directory: string): Promise<{ present: PretrainedModelFile[]; missing: PretrainedModelFile[] }> {
  const has: Record<PretrainedModelFile, boolean> = {
    'onnx/model.onnx (or model.onnx)': (await isFile(path.join(directory, 'onnx', 'model.onnx'))) || (await isFile(path.join(directory, 'model.onnx'))),
    'tokenizer.json': await isFile(path.join(directory, 'tokenizer.json')),
    'config.json': await isFile(path.join(directory, 'config.json')),
  };
  return { present: PRETRAINED_MODEL_FILES.filter((f) => has[f]), missing: PRETRAINED_MODEL_FILES.filter((f) => !has[f]) };
}

/** A folder is a model when it holds any of the files a model has (else it may be an organisation's folder). */
const looksLikeModel = async (directory: string) => (await filesOf(directory)).present.length > 0 || await isDirectory(path.join(directory, 'onnx'));

/**
 * Whether a folder loads, remembered per graph file and modification time: opening an
 * onnxruntime session of bert-base takes seconds, and a listing should not pay it every time.
 */
const loadChecks = new Map<string, Promise<string | null>>();

async function loadProblem(root: string, name: string): Promise<string | null> {
  const files = await locatePretrainedModel(root, name, name);
  const stamps = await Promise.all([files.onnx, files.tokenizer, files.config].map(async (f) => `${f}:${(await fs.stat(f)).mtimeMs}`));
  const key = stamps.join('|');
  let check = loadChecks.get(key);
  if (!check) {
    check = PretrainedTextEmbedder.load(files, name).then(async (embedder) => {
      await embedder.release();
      return null;
    }, (error: Error) => error.message);
    loadChecks.set(key, check);
  }
  return check;
}

/** One model folder's description; `check`: also load it (tokenizer and ONNX session). */
export async function describePretrainedModel(root: string, name: string, check = true): Promise<PretrainedModelInfo> {
  const directory = registryModelDirectory(root, name);
  const { present, missing } = await filesOf(directory);
  let config: Record<string, unknown> | null = null;
  let problem: string | null = null;
  if (present.includes('config.json')) {
    try {
      config = JSON.parse(await fs.readFile(path.join(directory, 'config.json'), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      problem = `config.json is not JSON: ${(error as Error).message}`;
    }
  }
  const hiddenSize = config ? hiddenSizeOf(config) : null;
  if (missing.length === 0 && problem === null && check) problem = await loadProblem(root, name);
  return {
    name, sizeBytes: await folderBytes(directory), inputType: 'text', hiddenSize,
    modelType: typeof config?.model_type === 'string' ? config.model_type : null,
    present, missing,
    status: missing.length > 0 ? 'incomplete' : problem === null ? 'ok' : 'broken',
    problem: missing.length > 0 ? `missing ${missing.join(', ')}` : problem,
  };
}

/** The model folders under `root` (`<name>/` or `<org>/<name>/`), by name; an absent root has none. */
export async function listPretrainedModels(root: string, options: { check?: boolean } = {}): Promise<PretrainedModelInfo[]> {
  const names: string[] = [];
  const dirs = async (folder: string) => (await fs.readdir(folder, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  for (const top of await dirs(root)) {
    if (!NAME.test(top)) continue;
    if (await looksLikeModel(path.join(root, top))) names.push(top);
    else for (const inner of await dirs(path.join(root, top))) if (NAME.test(`${top}/${inner}`)) names.push(`${top}/${inner}`);
  }
  names.sort();
  return Promise.all(names.map((name) => describePretrainedModel(root, name, options.check ?? true)));
}

const DESCRIBE = 'a pretrained model archive (a .zip of a folder with onnx/model.onnx, tokenizer.json and config.json)';

/**
 * Unpacks `zipFile` as model `name` under `root`, under the read limits of dataset archives
 * (entries, decompressed bytes in all and per entry, ratio; no links, absolute paths or `..`).
 * A zip of the folder itself (`bert/onnx/model.onnx`, …) is taken one level down. Refused when
 * the folder exists, or the archive lacks a model's files; the folder appears whole or not at all.
 */
export async function installPretrainedModel(root: string, name: string, zipFile: string, limits?: Partial<ReadLimits>): Promise<PretrainedModelInfo> {
  const directory = registryModelDirectory(root, name);
  if (await fs.stat(directory).then(() => true, () => false)) {
    throw new OvertureError('conflict', `a pretrained model named '${name}' is already under the models root (${directory}); delete it first to replace it.`);
  }
  const resolved = resolveReadLimits(limits);
  const zip = await BoundedZip.open(zipFile, resolved, DESCRIBE, 'maxDatasetArchiveEntries');
  const partial = path.join(path.resolve(root), `.partial-${process.pid}-${randomUUID()}`);
  try {
    const { kept } = planArchiveEntries(zipFile, zip);
    // A folder zipped with its name: every entry under one top folder that is not itself a model file.
    const tops = new Set(kept.map((n) => n.split('/')[0]));
    const strip = tops.size === 1 && kept.every((n) => n.includes('/')) && ![...tops][0]!.endsWith('.onnx') && ![...tops][0]!.startsWith('onnx') ? `${[...tops][0]}/` : '';
    const entries = kept.map((n) => ({ entry: n, relative: n.slice(strip.length) }));
    const has = (relative: string) => entries.some((e) => e.relative === relative);
    const missing = [
      ...(has('onnx/model.onnx') || has('model.onnx') ? [] : ['onnx/model.onnx (or model.onnx)']),
      ...(has('tokenizer.json') ? [] : ['tokenizer.json']),
      ...(has('config.json') ? [] : ['config.json']),
    ];
    if (missing.length > 0) {
      throw new OvertureError('invalid_input', `${path.basename(zipFile)} is not a pretrained model folder: it lacks ${missing.join(', ')}. Zip the folder optimum-cli export onnx --task feature-extraction writes (onnx/model.onnx or model.onnx, tokenizer.json, config.json).`);
    }
    await fs.mkdir(partial, { recursive: true });
    for (const { entry, relative } of entries) {
      const target = path.join(partial, ...relative.split('/'));
      if (!target.startsWith(partial + path.sep)) throw new OvertureError('invalid_input', `${path.basename(zipFile)} has an entry '${entry}' that leaves the model's folder.`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await pipeline(Readable.from(zip.read(entry)), createWriteStream(target, { flags: 'wx', mode: 0o644 }));
    }
    await fs.mkdir(path.dirname(directory), { recursive: true });
    try {
      await fs.rename(partial, directory);
    } catch {
      throw new OvertureError('conflict', `a pretrained model named '${name}' appeared under the models root meanwhile; delete it first to replace it.`);
    }
  } catch (error) {
    await fs.rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    zip.close();
  }
  return describePretrainedModel(root, name);
}

/** Removes model `name`'s folder (and an organisation folder it leaves empty); false when there was none. */
export async function removePretrainedModel(root: string, name: string): Promise<boolean> {
  const directory = registryModelDirectory(root, name);
  if (!(await isDirectory(directory))) return false;
  await fs.rm(directory, { recursive: true, force: true });
  if (name.includes('/')) await fs.rmdir(path.dirname(directory)).catch(() => undefined);
  return true;
}
