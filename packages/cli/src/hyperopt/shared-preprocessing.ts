import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preprocessWithMedia, trialConfig, type RawTable } from '@overture/trainer';
import { preprocessingKey, writePreprocessed } from '@overture/trainer/preprocessing';

export interface SharedPreprocessingOptions {
  table: RawTable;
  /** The dataset file: names the data in the cache key, and its folder is where image paths are read. */
  dataset: string;
  baseConfig: Record<string, unknown>;
  seed: number;
  /** The models root of pretrained text encoders (their embeddings are part of the preprocessed data). */
  modelsDir?: string | null;
  /** Told once per distinct preprocessing, with how long it took. */
  onPreprocessed?: (ms: number, rows: number) => void;
}

/**
 * The study's preprocessing, done once in the parent and shared with the trial processes through a
 * cache folder in the trainer's preprocessed-dataset format: trials whose sampled parameters change
 * only training settings (most searches) share one entry; a parameter that changes preprocessing
 * (e.g. a feature's `preprocessing.*`) gets its own, made the first time a trial needs it.
 */
export class SharedPreprocessing {
  private entries = new Map<string, Promise<string>>();

  private constructor(private readonly options: SharedPreprocessingOptions, private readonly directory: string) {}

  static async create(options: SharedPreprocessingOptions): Promise<SharedPreprocessing> {
    return new SharedPreprocessing(options, await fs.mkdtemp(path.join(os.tmpdir(), 'overture-hyperopt-preprocessed-')));
  }

  /** The cache entry of the trial's preprocessed dataset; rejects with why the trial's config or data cannot be preprocessed. */
  entryFor(parameters: Record<string, unknown>): Promise<string> {
    const { table, dataset, baseConfig, seed } = this.options;
    let config;
    try {
      config = trialConfig(baseConfig, parameters);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const key = preprocessingKey(path.resolve(dataset), config, seed);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = (async () => {
        const started = performance.now();
        const value = await preprocessWithMedia(table, config, seed, path.dirname(path.resolve(dataset)), undefined, this.options.modelsDir ?? null);
        const dir = path.join(this.directory, key);
        await writePreprocessed(dir, value);
        this.options.onPreprocessed?.(performance.now() - started, value.dataset.rowCount);
        return dir;
      })();
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** How many distinct preprocessings the study needed. */
  get count(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    await fs.rm(this.directory, { recursive: true, force: true });
  }
}
