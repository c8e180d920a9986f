import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OvertureError } from '@overture/config';

/** Where pretrained models live when neither OVERTURE_MODELS_DIR nor --models-dir says. */
export const DEFAULT_MODELS_DIR = path.join(os.homedir(), '.overture', 'models');

/** The files of a local model folder, in the layout Hugging Face's ONNX exports (optimum) write. */
export interface PretrainedModelFiles {
  directory: string;
  /** `onnx/model.onnx` or `model.onnx`. */
  onnx: string;
  tokenizer: string;
  /** tokenizer_config.json, when present (special tokens, lowercasing of older exports). */
  tokenizerConfig: string | null;
  config: string;
}

const EXPECTED = 'onnx/model.onnx (or model.onnx), tokenizer.json and config.json';

const howToPlace = (name: string, directory: string) =>
  `On a machine with internet, export it with \`optimum-cli export onnx --model ${name} --task feature-extraction <folder>\` and copy that folder to ${directory} (Overture never downloads models).`;

/**
 * The folder of model `name` under the models root: `bert-base-uncased` → `<root>/bert-base-uncased`,
 * `org/name` → `<root>/org/name`. A name that would leave the root (`..`, an absolute path, a
 * backslash or a drive) is refused: configs are untrusted input and the name picks files to load.
 */
export function modelDirectory(root: string, name: string, feature: string): string {
  const parts = name.split('/');
  const bad = name.trim() === '' || path.isAbsolute(name) || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.includes('\0')
    || parts.some((part) => part === '' || part === '.' || part === '..');
  const base = path.resolve(root);
  const directory = path.resolve(base, ...parts);
  if (bad || (directory !== base && !directory.startsWith(base + path.sep)) || directory === base) {
    throw new OvertureError('invalid_config', `Text feature '${feature}': pretrained_model_name_or_path '${name}' must name a folder inside the models root ${base} (like bert-base-uncased or org/name), without '..', a leading '/' or a backslash.`, [
      { path: `${feature}.encoder.pretrained_model_name_or_path`, message: 'escapes the models root' },
    ]);
  }
  return directory;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Finds a model's files, or says which name was looked up, where, what is missing and how to place it. */
export async function locatePretrainedModel(root: string, name: string, feature: string): Promise<PretrainedModelFiles> {
  const directory = modelDirectory(root, name, feature);
  let stat;
  try {
    stat = await fs.stat(directory);
  } catch {
    stat = null;
  }
  if (!stat?.isDirectory()) {
    throw new OvertureError('not_found', `Text feature '${feature}': the pretrained model '${name}' is not under the models root: ${directory} does not exist. Expected there: ${EXPECTED}. ${howToPlace(name, directory)} Set the root with OVERTURE_MODELS_DIR or --models-dir.`, [
      { path: `${feature}.encoder.pretrained_model_name_or_path`, message: `${directory} does not exist` },
    ]);
  }
  const onnxCandidates = [path.join(directory, 'onnx', 'model.onnx'), path.join(directory, 'model.onnx')];
  const onnx = (await isFile(onnxCandidates[0])) ? onnxCandidates[0] : (await isFile(onnxCandidates[1])) ? onnxCandidates[1] : null;
  const tokenizer = path.join(directory, 'tokenizer.json');
  const config = path.join(directory, 'config.json');
  const missing = [
    ...(onnx === null ? ['onnx/model.onnx (or model.onnx)'] : []),
    ...((await isFile(tokenizer)) ? [] : ['tokenizer.json']),
    ...((await isFile(config)) ? [] : ['config.json']),
  ];
  if (missing.length > 0 || onnx === null) {
    throw new OvertureError('not_found', `Text feature '${feature}': the folder ${directory} of pretrained model '${name}' lacks ${missing.join(', ')} (expected: ${EXPECTED}). ${howToPlace(name, directory)}`, [
      { path: `${feature}.encoder.pretrained_model_name_or_path`, message: `missing ${missing.join(', ')}` },
    ]);
  }
  const tokenizerConfig = path.join(directory, 'tokenizer_config.json');
  return { directory, onnx, tokenizer, tokenizerConfig: (await isFile(tokenizerConfig)) ? tokenizerConfig : null, config };
}
