import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError, type ResolvedConfig } from '@overture/config';
import { readCheckpointState, type TrainerState } from './checkpoint.js';

/** Ludwig's names: the folder of training checkpoints and the progress file beside the bundle. */
export const TRAINING_CHECKPOINTS_DIR = 'training_checkpoints';
export const TRAINING_PROGRESS_FILE = 'training_progress.json';

/**
 * Trainer fields a continued training may change (Ludwig resumes with the config it is given):
 * how long it trains and how patient early stopping is. Every other field shapes the weights,
 * the optimizer state or the step counting the saved state holds.
 */
const CHANGEABLE_TRAINER_FIELDS = new Set(['epochs', 'train_steps', 'early_stop']);
/** Resolved on the first run (auto values become numbers); `auto` given again means "as before". */
const RESOLVED_TRAINER_FIELDS = new Set(['batch_size', 'learning_rate']);
/** Stamps that say nothing about the model (and hyperopt, which training does not read). */
const IGNORED_FIELDS = new Set(['overture_version', 'ludwig_version', 'backend', 'preset', 'hyperopt']);

const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));

function differences(saved: unknown, given: unknown, at: string, out: string[]): void {
  if (out.length >= 20) return;
  if (Array.isArray(saved) && Array.isArray(given)) {
    if (saved.length !== given.length) {
      out.push(`${at}: the saved run has ${saved.length} entries, this config ${given.length}`);
      return;
    }
    saved.forEach((v, i) => differences(v, given[i], `${at}[${i}]`, out));
    return;
  }
  if (saved && given && typeof saved === 'object' && typeof given === 'object' && !Array.isArray(saved) && !Array.isArray(given)) {
    const keys = new Set([...Object.keys(saved), ...Object.keys(given)]);
    for (const key of keys) differences((saved as Record<string, unknown>)[key], (given as Record<string, unknown>)[key], at ? `${at}.${key}` : key, out);
    return;
  }
  if (JSON.stringify(saved) !== JSON.stringify(given)) out.push(`${at}: saved ${show(saved)}, given ${show(given)}`);
}

/**
 * What differs between the config a saved training state was trained with and the config given to
 * continue it, as config paths with both values; only trainer.epochs, train_steps and early_stop may.
 */
export function resumeConfigDifferences(saved: ResolvedConfig, given: ResolvedConfig): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(saved), ...Object.keys(given)])) {
    if (IGNORED_FIELDS.has(key)) continue;
    const a = (saved as Record<string, unknown>)[key];
    const b = (given as Record<string, unknown>)[key];
    if (key !== 'trainer') {
      differences(a, b, key, out);
      continue;
    }
    const savedTrainer = (a ?? {}) as Record<string, unknown>;
    const givenTrainer = (b ?? {}) as Record<string, unknown>;
    for (const field of new Set([...Object.keys(savedTrainer), ...Object.keys(givenTrainer)])) {
      if (CHANGEABLE_TRAINER_FIELDS.has(field)) continue;
      if (RESOLVED_TRAINER_FIELDS.has(field) && givenTrainer[field] === 'auto') continue;
      differences(savedTrainer[field], givenTrainer[field], `trainer.${field}`, out);
    }
  }
  return out;
}

/** The checkpoint folder of a `model_resume_path`: an output folder holding training_checkpoints/, or that folder itself. */
export async function resumeCheckpointDirectory(given: string): Promise<string> {
  const inner = path.join(given, TRAINING_CHECKPOINTS_DIR);
  return (await fs.stat(inner).then((s) => s.isDirectory(), () => false)) ? inner : given;
}

/**
 * The saved training state of a `model_resume_path` (no tensors), or a config error saying why
 * there is none: the folder is missing, or holds no checkpoint (runs trained before training
 * states were kept, and hyperopt trials, keep only their bundle).
 */
export async function readResumeState(given: string): Promise<{ directory: string; state: TrainerState & { config: ResolvedConfig } }> {
  if (!(await fs.stat(given).then((s) => s.isDirectory(), () => false))) {
    throw new OvertureError('invalid_config', `model_resume_path '${given}' is not a folder; give the output directory of a training run`);
  }
  const directory = await resumeCheckpointDirectory(given);
  const state = await readCheckpointState(directory);
  if (!state) {
    throw new OvertureError('invalid_config', `model_resume_path '${given}' holds no training state to resume (no ${TRAINING_CHECKPOINTS_DIR}/latest/checkpoint.json); a run keeps one when it finishes or is interrupted. To start from its model's weights instead, use model_load_path`);
  }
  if (!state.config) {
    throw new OvertureError('invalid_config', `model_resume_path '${given}' holds a checkpoint written before training states recorded their config, so it cannot be checked against this one; use model_load_path to start from its weights`);
  }
  return { directory, state: state as TrainerState & { config: ResolvedConfig } };
}

/** Epochs a saved state has trained, as a user counts them (a part-trained epoch counts as begun). */
export function epochsTrained(state: Pick<TrainerState, 'epoch' | 'batchInEpoch'>): number {
  return state.epoch + (state.batchInEpoch > 0 ? 1 : 0);
}

/**
 * Refuses to continue a saved state with the given config, seed and data unless only trainer.epochs,
 * train_steps or early_stop changed and there are steps left to train; says what differs.
 */
export function checkResumable(
  where: string,
  state: TrainerState & { config: ResolvedConfig },
  given: { config: ResolvedConfig; seed: number; dataKey: string; totalSteps: number },
): void {
  const problems = resumeConfigDifferences(state.config, given.config);
  if (problems.length > 0) {
    throw new OvertureError('invalid_config', `model_resume_path '${where}': the config differs from the one the saved training used, and only trainer.epochs, trainer.train_steps and trainer.early_stop may change when continuing a training (to train a changed model from these weights, use model_load_path): ${problems.join('; ')}`);
  }
  if (state.seed !== given.seed) {
    throw new OvertureError('invalid_config', `model_resume_path '${where}': the saved training used seed ${state.seed}, not ${given.seed}; continue it with its own seed`);
  }
  if (state.dataKey !== undefined && state.dataKey !== given.dataKey) {
    throw new OvertureError('invalid_input', `model_resume_path '${where}': the dataset differs from the one the saved training used (rows or splits changed); continuing a training needs the same data. To train on other data from these weights, use model_load_path`);
  }
  if (given.totalSteps <= state.step) {
    const trainer = given.config.trainer;
    const limit = trainer.train_steps !== null ? `trainer.train_steps ${trainer.train_steps}` : `trainer.epochs ${trainer.epochs}`;
    const done = state.finished ? `the training had finished after ${epochsTrained(state)} epochs (${state.step} steps)` : `the saved training is at epoch ${epochsTrained(state)} (step ${state.step})`;
    throw new OvertureError('invalid_config', `model_resume_path '${where}': ${limit} is not above what was already trained: ${done}; raise ${trainer.train_steps !== null ? 'trainer.train_steps' : 'trainer.epochs'} to continue`);
  }
}
