import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '@overture/config';
import type { NamedArrays } from '../model/parameters.js';
import type { OptimizerState } from '../optimizers/optimizer.js';
import { readWeights, writeWeights, type WeightsManifest } from './weights-file.js';

export const CHECKPOINT_FORMAT = 1;

/** Everything besides tensors that a resumed training needs to continue exactly. */
export interface TrainerState {
  format: number;
  /** Identifies the config, seed and data the checkpoint belongs to; another run's checkpoint is ignored. */
  fingerprint: string;
  seed: number;
  /** Epoch being trained (0-based) and how many of its batches are done. */
  epoch: number;
  batchInEpoch: number;
  step: number;
  batchSize: number;
  learningRate: number;
  schedule: { factor: number; reductions: number; evaluationsWithoutImprovement: number; best: number | null };
  earlyStopping: { bestValue: number | null; bestEpoch: number; bestStep: number; evaluationsWithoutImprovement: number };
  /** Running sums of training losses since the last evaluation. */
  lossSums: Record<string, number>;
  lossBatches: number;
  statistics: unknown;
  optimizerStep: number;
  /**
   * The config trained (batch_size and learning_rate resolved), and a key of the data: what
   * `model_resume_path` checks a continued training against. Absent in checkpoints written before it.
   */
  config?: ResolvedConfig;
  dataKey?: string;
  /** Set on the state a finished training keeps (how it ended); auto-resume ignores such a state. */
  finished?: 'completed' | 'early_stop';
}

interface CheckpointFile {
  state: TrainerState;
  weights: WeightsManifest;
  optimizer: WeightsManifest;
  best: WeightsManifest | null;
}

export interface Checkpoint {
  state: TrainerState;
  weights: NamedArrays;
  optimizer: OptimizerState;
  bestWeights: NamedArrays | null;
}

const LATEST = 'latest';

/**
 * Writes the checkpoint into a fresh folder and swaps it in with renames, so a process killed
 * at any instant leaves either the previous checkpoint or the new one, never half of one.
 */
export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `tmp-${process.pid}-${Date.now()}`);
  await fs.mkdir(tmp);
  const weights = await writeWeights(path.join(tmp, 'weights.bin'), checkpoint.weights);
  const optimizer = await writeWeights(path.join(tmp, 'optimizer.bin'), checkpoint.optimizer.slots);
  const best = checkpoint.bestWeights ? await writeWeights(path.join(tmp, 'best_weights.bin'), checkpoint.bestWeights) : null;
  const file: CheckpointFile = { state: { ...checkpoint.state, optimizerStep: checkpoint.optimizer.step }, weights, optimizer, best };
  await fs.writeFile(path.join(tmp, 'checkpoint.json'), JSON.stringify(file));
  const latest = path.join(dir, LATEST);
  const old = path.join(dir, `${LATEST}.old`);
  await fs.rm(old, { recursive: true, force: true });
  await fs.rename(latest, old).catch(() => undefined);
  await fs.rename(tmp, latest);
  await fs.rm(old, { recursive: true, force: true });
  return latest;
}

/** Removes the checkpoints of a run that finished (its bundle holds the final weights). */
export async function clearCheckpoints(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** The newest complete checkpoint file in `dir` that `accept` takes, with its folder. */
async function newestCheckpointFile(dir: string, accept: (state: TrainerState) => boolean): Promise<{ folder: string; file: CheckpointFile } | null> {
  for (const name of [LATEST, `${LATEST}.old`]) {
    const folder = path.join(dir, name);
    let file: CheckpointFile;
    try {
      file = JSON.parse(await fs.readFile(path.join(folder, 'checkpoint.json'), 'utf8')) as CheckpointFile;
    } catch {
      continue;
    }
    if (file.state.format !== CHECKPOINT_FORMAT || !accept(file.state)) continue;
    return { folder, file };
  }
  return null;
}

async function readCheckpoint(folder: string, file: CheckpointFile): Promise<Checkpoint> {
  return {
    state: file.state,
    weights: await readWeights(path.join(folder, 'weights.bin'), file.weights),
    optimizer: { step: file.state.optimizerStep, slots: await readWeights(path.join(folder, 'optimizer.bin'), file.optimizer) },
    bestWeights: file.best ? await readWeights(path.join(folder, 'best_weights.bin'), file.best) : null,
  };
}

/**
 * The newest complete checkpoint in `dir` for this fingerprint that a crash or cancellation left
 * (a finished training's kept state is not resumed by itself), or null when there is none.
 */
export async function loadCheckpoint(dir: string, fingerprint: string): Promise<Checkpoint | null> {
  const found = await newestCheckpointFile(dir, (s) => s.fingerprint === fingerprint && !s.finished);
  return found && readCheckpoint(found.folder, found.file);
}

/** The state (no tensors) of the newest checkpoint in `dir` whatever run wrote it, or null. */
export async function readCheckpointState(dir: string): Promise<TrainerState | null> {
  return (await newestCheckpointFile(dir, () => true))?.file.state ?? null;
}

/** The newest checkpoint in `dir` whatever run wrote it, finished or not (`model_resume_path`), or null. */
export async function loadAnyCheckpoint(dir: string): Promise<Checkpoint | null> {
  const found = await newestCheckpointFile(dir, () => true);
  return found && readCheckpoint(found.folder, found.file);
}
