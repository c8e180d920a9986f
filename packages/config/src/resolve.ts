import { defaultDecoder } from './decoders/index.js';
import type { z } from 'zod';
import { applyDefaults, defaultsBlockSchema, defaultsPreprocessingSchemas, isPlainObject } from './defaults.js';
import { defaultEncoders, unsupportedEncoderNames } from './encoders/index.js';
import { OvertureError, type ErrorDetail } from './errors.js';
import { unsupportedDecoderNames } from './features/unsupported.js';
import { trainableInputTypes, trainableOutputTypes, type InputFeatureType, type OutputFeatureType } from './feature-types.js';
import { findShapeProblem } from './check-shape.js';
import { dropFloatSequenceEmbedding } from './float-sequence-embedding.js';
import { addIssues } from './issues.js';
import { objectConfigLimits, type ConfigLimits } from './limits.js';
import { defaultLoss } from './losses/index.js';
import { ZModelConfig, type ResolvedConfig } from './schema.js';
import { ProblemList } from './problems.js';
import { findHyperoptProblems, probeWith } from './hyperopt/check.js';
import { ZHyperopt } from './hyperopt.js';
import { isUnsupportedDetail, addUnsupported } from './unsupported.js';
import { upgradeConfig, type PathMove } from './upgrade/index.js';
import { summarize, validateConfig } from './validate.js';

type Obj = Record<string, unknown>;

export interface ResolveResult {
  config: ResolvedConfig;
  /** Accepted but ignored or upgraded keys (Ludwig-only keys, legacy forms). */
  warnings: ErrorDetail[];
  /** Keys the upgrade moved (see `writtenPath`). */
  moves: PathMove[];
}

/** An OvertureError raised while resolving, with the moves of the upgrade (to locate its problems in the written text). */
export class ConfigProblemsError extends OvertureError {
  constructor(code: 'invalid_config' | 'unsupported', details: ErrorDetail[], total: number, readonly moves: PathMove[]) {
    super(code, summarize(details, total), details, total);
  }
}

/** Ludwig keys Overture accepts and ignores, with the warning shown for each. */
const ignoredLudwigKeys: Record<string, string> = {
  ludwig_version: 'ludwig_version is accepted for compatibility with Ludwig and ignored',
  backend: 'backend is accepted for compatibility with Ludwig and ignored; Overture schedules training on its own workers',
  preset: 'preset is accepted for compatibility with Ludwig and ignored',
};

/**
 * Upgrades, applies `defaults`, validates and fills every default of a parsed (not yet validated)
 * config object. Throws `OvertureError('invalid_config')` listing the first problems (and how many
 * there are), or `unsupported` for valid Ludwig that Overture cannot train yet (model_type gbm/llm,
 * text inputs, tabnet, …). A config past the limits (depth, string and list sizes) is refused first.
 */
export function resolveConfig(raw: unknown, limits: ConfigLimits = objectConfigLimits): ResolveResult {
  const shape = findShapeProblem(raw, limits);
  if (shape) throw new OvertureError('invalid_config', summarize([shape]), [shape]);
  if (!isPlainObject(raw)) {
    throw new OvertureError('invalid_config', 'The config must be a mapping with input_features and output_features.', [
      { path: '', message: 'expected a mapping (YAML object) at the top level' },
    ]);
  }
  // gbm/llm configs carry keys of their own; refuse them before those become unknown-key errors.
  const modelType = raw.model_type;
  if (modelType === 'gbm' || modelType === 'llm') {
    const detail = { path: 'model_type', message: `model_type: ${modelType} is not supported yet; only ecd models can be trained` };
    throw new OvertureError('unsupported', detail.message, [detail]);
  }

  const upgraded = upgradeConfig(raw);
  const warnings = [...upgraded.warnings];
  const config = upgraded.config as Obj;
  for (const [key, message] of Object.entries(ignoredLudwigKeys)) {
    if (config[key] !== undefined) warnings.push({ path: key, message });
  }
  if (modelType === 'ecd') warnings.push({ path: 'model_type', message: 'model_type is accepted for compatibility with Ludwig; ecd is the only model type' });

  const problems = new ProblemList(limits.maxReportedProblems);
  problems.addAll(upgraded.conflicts);
  checkDefaultsBlocks(config, problems);
  // A mistake in `defaults` is reported once, at its own path, not again in every feature it would reach.
  const merged = dropFloatSequenceEmbedding(fillTypes(problems.total === 0 ? applyDefaults(config) : config), warnings);
  const parsed = ZModelConfig.safeParse(merged);
  if (!parsed.success) {
    addIssues(problems, parsed.error.issues, ZModelConfig, merged);
    addUnsupported(merged, problems);
  }
  if (problems.total > 0 || !parsed.success) throw refuse(problems, upgraded.moves);
  try {
    const resolved = validateConfig(parsed.data, limits);
    if (resolved.hyperopt !== null) {
      const outputs = resolved.output_features.map((f) => ({ name: f.name, type: f.type }));
      const details = findHyperoptProblems(config, resolved.hyperopt, outputs, probeWith((probe) => resolveConfig(probe, limits)));
      if (details.length > 0) throw new OvertureError(details.every(isUnsupportedDetail) ? 'unsupported' : 'invalid_config', summarize(details), details);
    }
    return { config: resolved, warnings, moves: upgraded.moves };
  } catch (error) {
    if (error instanceof OvertureError && (error.code === 'invalid_config' || error.code === 'unsupported')) {
      throw new ConfigProblemsError(error.code, error.details, error.total, upgraded.moves);
    }
    throw error;
  }
}

/** `unsupported` when every problem is valid Ludwig that Overture does not implement, else `invalid_config`; each problem once. */
function refuse(problems: ProblemList, moves: PathMove[]): ConfigProblemsError {
  const seen = new Set<string>();
  // Inside a block whose type Overture does not implement, its parameters are checked against the
  // wrong schema: the "not supported yet" of its type is the one answer.
  const unsupportedBlocks = problems.items
    .filter((d) => isUnsupportedDetail(d) && d.path?.endsWith('.type') && !/_features\[\d+\]\.type$/.test(d.path))
    .map((d) => d.path!.slice(0, -'type'.length));
  const details = problems.items.filter((d) => {
    const key = `${d.path ?? ''}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return isUnsupportedDetail(d) || !unsupportedBlocks.some((block) => d.path?.startsWith(block));
  });
  const total = problems.total - (problems.items.length - details.length);
  const code = details.every(isUnsupportedDetail) ? 'unsupported' : 'invalid_config';
  return new ConfigProblemsError(code, details, total, moves);
}

/** Validates `defaults.<type>.{encoder,decoder,loss}` against the strict (default-free) schema of the named type. */
function checkDefaultsBlocks(config: Obj, problems: ProblemList): void {
  const defaults = config.defaults;
  if (!isPlainObject(defaults)) return;
  for (const [featureType, blocks] of Object.entries(defaults)) {
    if (!isPlainObject(blocks)) continue;
    const preprocessingSchema = (defaultsPreprocessingSchemas as Record<string, z.ZodObject>)[featureType];
    if (preprocessingSchema && isPlainObject(blocks.preprocessing)) {
      const result = preprocessingSchema.safeParse(blocks.preprocessing);
      if (!result.success) addIssues(problems, result.error.issues, preprocessingSchema, config, ['defaults', featureType, 'preprocessing']);
    }
    for (const block of ['encoder', 'decoder', 'loss'] as const) {
      const value = blocks[block];
      if (!isPlainObject(value)) continue;
      const schema = defaultsBlockSchema(featureType, block, typeof value.type === 'string' ? value.type : undefined);
      if (!schema) continue;
      const result = schema.safeParse(value);
      if (!result.success) addIssues(problems, result.error.issues, schema, config, ['defaults', featureType, block]);
    }
  }
}

/**
 * Ludwig lets `type` be omitted inside encoder/decoder/loss/optimizer/split/combiner blocks (it then
 * means the default). The schemas discriminate on `type`, so fill it in on the raw config first.
 */
function fillTypes(config: Obj): Obj {
  const out: Obj = { ...config };
  const fill = (block: unknown, type: string | undefined): unknown =>
    isPlainObject(block) && block.type === undefined && type !== undefined ? { type, ...block } : block;

  if (Array.isArray(config.input_features)) {
    out.input_features = config.input_features.map((f) => {
      if (!isPlainObject(f) || typeof f.type !== 'string') return f;
      const encoder = (trainableInputTypes as readonly string[]).includes(f.type)
        ? defaultEncoders[f.type as InputFeatureType]
        : (unsupportedEncoderNames as Record<string, readonly string[]>)[f.type]?.[0];
      return f.encoder === undefined ? f : { ...f, encoder: fill(f.encoder, encoder) };
    });
  }
  if (Array.isArray(config.output_features)) {
    out.output_features = config.output_features.map((f) => {
      if (!isPlainObject(f) || typeof f.type !== 'string') return f;
      const trainable = (trainableOutputTypes as readonly string[]).includes(f.type);
      const decoder = trainable
        ? defaultDecoder(f.type as OutputFeatureType)
        : (unsupportedDecoderNames as Record<string, readonly string[]>)[f.type]?.[0];
      const loss = trainable ? defaultLoss(f.type as OutputFeatureType) : undefined;
      const next: Obj = { ...f };
      if (f.decoder !== undefined) next.decoder = fill(f.decoder, decoder);
      if (f.loss !== undefined) next.loss = fill(f.loss, loss);
      return next;
    });
  }
  if (isPlainObject(config.combiner)) out.combiner = fill(config.combiner, 'concat');
  if (isPlainObject(config.trainer) && isPlainObject(config.trainer.optimizer)) {
    out.trainer = { ...config.trainer, optimizer: fill(config.trainer.optimizer, 'adam') };
  }
  if (isPlainObject(config.preprocessing) && isPlainObject(config.preprocessing.split)) {
    out.preprocessing = { ...config.preprocessing, split: fill(config.preprocessing.split, 'random') };
  }
  return out;
}

/** Checks a config without throwing: the problems (empty when valid) and warnings. */
export function checkConfig(raw: unknown): { errors: ErrorDetail[]; total: number; warnings: ErrorDetail[]; code?: 'invalid_config' | 'unsupported' } {
  try {
    return { errors: [], total: 0, warnings: resolveConfig(raw).warnings };
  } catch (error) {
    if (error instanceof OvertureError && (error.code === 'invalid_config' || error.code === 'unsupported')) {
      return { errors: error.details, total: error.total, warnings: [], code: error.code };
    }
    throw error;
  }
}



/**
 * Re-resolves a config Overture resolved and stored itself (a bundle's, a training state's): schema
 * and defaults are applied again (they may have grown since), but its `hyperopt` section is only
 * parsed, not probed. The probes apply each searched value to the config as the user wrote it; applied
 * to a filled config they fail where the written one passes (`trainer.optimizer.type: sgd` beside the
 * filled-in adam fields), and they ran when the config was first resolved.
 */
export function resolveStoredConfig(stored: unknown, limits: ConfigLimits = objectConfigLimits): ResolveResult {
  if (!isPlainObject(stored) || stored.hyperopt === null || stored.hyperopt === undefined) return resolveConfig(stored, limits);
  const result = resolveConfig({ ...stored, hyperopt: null }, limits);
  const hyperopt = ZHyperopt.safeParse(stored.hyperopt);
  if (hyperopt.success) return { ...result, config: { ...result.config, hyperopt: hyperopt.data } };
  return { ...result, warnings: [...result.warnings, { path: 'hyperopt', message: 'the stored hyperopt section no longer parses; it is left out (it only records what was searched)' }] };
}
